import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { notFound } from '$lib/server/http/errors';
import { json } from '$lib/server/http/handler';
import { idParam } from '$lib/server/http/request';
import { payload } from '$lib/server/kitchen/saavor';

export const GET = v1('GET', '/api/v1/saavor/payloads/{payloadID}', async ({ params }) => {
	const p = await payload(db(), idParam(params.payloadID, 'Payload'));
	if (!p) throw notFound('Payload not found');
	return json(p);
});
