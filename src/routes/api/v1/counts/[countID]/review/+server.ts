import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { notFound } from '$lib/server/http/errors';
import { idParam } from '$lib/server/http/request';
import * as counts from '$lib/server/counts/counts';

export const GET = v1('GET', '/api/v1/counts/{countID}/review', async ({ params }, me) => {
	const r = await counts.review(db(), me, idParam(params.countID, 'Count'));
	if (!r) throw notFound('Count not found');
	return json(r);
});
