import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { idParam } from '$lib/server/http/request';
import * as orders from '$lib/server/kitchen/orders';

// seq: the kitchen stream position this snapshot includes; resume the stream from it.
export const GET = v1('GET', '/api/v1/locations/{locationID}/orders', async ({ params }, me) =>
	json(await orders.snapshot(db(), me, idParam(params.locationID, 'Location')))
);
