import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { notFound } from '$lib/server/http/errors';
import { json } from '$lib/server/http/handler';
import { idParam } from '$lib/server/http/request';

export const GET = v1('GET', '/api/v1/saavor/payloads/{payloadID}', async ({ params }) => {
	const id = idParam(params.payloadID, 'Payload');
	const [p] = await db()`select id, event_id, event_type, status, error, order_id, received_at, raw
		from saavor_payloads where id = ${id}`;
	if (!p) throw notFound('Payload not found');
	return json(p);
});
