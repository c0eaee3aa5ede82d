import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { notFound } from '$lib/server/http/errors';
import { idParam } from '$lib/server/http/request';
import * as stock from '$lib/server/inventory/stock';
import * as locations from '$lib/server/locations/locations';

// A location that exists nowhere is a 404 for everyone; one outside the caller's scope reads
// as an empty list (stock.locationInventory), as the reference has campus-scoped reads do.
export const GET = v1('GET', '/api/v1/locations/{locationID}/inventory', async ({ params }, me) => {
	const id = idParam(params.locationID, 'Location');
	if (!(await locations.exists(db(), id))) throw notFound('Location not found');
	return json(await stock.locationInventory(db(), me, id));
});
