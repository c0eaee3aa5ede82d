import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { notFound } from '$lib/server/http/errors';
import { idParam } from '$lib/server/http/request';
import * as stock from '$lib/server/inventory/stock';

export const GET = v1('GET', '/api/v1/items/{itemID}/inventory', async ({ params }, me) => {
	const inv = await stock.itemInventory(db(), me, idParam(params.itemID, 'Item'));
	if (!inv) throw notFound('Item not found');
	return json(inv);
});
