import { z } from 'zod';
import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { notFound } from '$lib/server/http/errors';
import { idParam, readQuery } from '$lib/server/http/request';
import * as stock from '$lib/server/inventory/stock';

const query = z.object({ q: z.string().trim().max(200).optional() });

export const GET = v1('GET', '/api/v1/stores/{storeID}/inventory', async ({ params, url }, me) => {
	const { q } = readQuery(url, query);
	const inv = await stock.storeInventory(db(), me, idParam(params.storeID, 'Store'), q);
	if (!inv) throw notFound('Store not found');
	return json(inv);
});
