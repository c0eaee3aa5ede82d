import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { idParam } from '$lib/server/http/request';
import * as stock from '$lib/server/inventory/stock';

export const GET = v1('GET', '/api/v1/locations/{locationID}/inventory', async ({ params }, me) => {
	const id = idParam(params.locationID, 'Location');
	return json(await stock.locationInventory(db(), me, id));
});
