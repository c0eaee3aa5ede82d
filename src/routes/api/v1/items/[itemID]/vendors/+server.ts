import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { notFound } from '$lib/server/http/errors';
import { idParam } from '$lib/server/http/request';
import * as vendors from '$lib/server/purchasing/vendors';

export const GET = v1('GET', '/api/v1/items/{itemID}/vendors', async ({ params }) => {
	const list = await vendors.vendorsOf(db(), idParam(params.itemID, 'Item'));
	if (!list) throw notFound('Item not found');
	return json(list);
});
