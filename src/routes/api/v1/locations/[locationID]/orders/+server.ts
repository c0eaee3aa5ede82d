import { v1 } from '$lib/server/auth/routes';
import { inScope } from '$lib/server/auth/identity';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { idParam } from '$lib/server/http/request';
import * as orders from '$lib/server/kitchen/orders';

export const GET = v1('GET', '/api/v1/locations/{locationID}/orders', async ({ params }, me) => {
	const id = idParam(params.locationID, 'Location');
	const [{ seq }] =
		await db()`select coalesce((select last_seq from event_channels where channel = ${'kitchen:' + id}), 0) as seq`;
	// seq: the kitchen stream position this snapshot includes; resume the stream from it.
	return json({ orders: inScope(me, id) ? await orders.list(db(), id) : [], seq });
});
