import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { notFound } from '$lib/server/http/errors';
import { idParam, readQuery } from '$lib/server/http/request';
import * as stock from '$lib/server/inventory/stock';

export const GET = v1('GET', '/api/v1/stores/{storeID}/movements', async ({ params, url }, me) => {
	const storeId = idParam(params.storeID, 'Store');
	const q = readQuery(url, stock.movementsQuery);
	const page = await stock.movements(db(), me, storeId, q);
	if (!page) throw notFound('Store not found');
	return json(page);
});
