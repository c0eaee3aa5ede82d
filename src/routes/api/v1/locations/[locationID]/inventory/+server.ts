import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { notFound } from '$lib/server/http/errors';
import { idParam } from '$lib/server/http/request';
import * as stock from '$lib/server/inventory/stock';

export const GET = v1('GET', '/api/v1/locations/{locationID}/inventory', async ({ params }, me) => {
	const id = idParam(params.locationID, 'Location');
	const inv = await stock.locationInventory(db(), me, id);
	if (!inv) throw notFound('Location not found');
	return json(inv);
});
