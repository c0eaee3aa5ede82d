// What the line does to a ticket: move its prep state (orders owns the transition), and hand a
// Saavor order that is now ready back to Saavor (saavor owns the outbound queue), and take
// what was cooked out of the line store (inventory/sales owns that, through the ledger),
// together: a ready order and its consumed stock commit or roll back as one.
import { atomic, type Db } from '../db/index';
import type { Identity } from '../auth/identity';
import * as orders from './orders';
import { enqueuePrepared } from './saavor';
import { consumeOrder } from '../inventory/sales';

export async function move(
	sql: Db,
	me: Identity,
	locationId: string,
	orderId: string,
	to: orders.PrepState,
	from?: orders.PrepState
): Promise<orders.KitchenOrder> {
	return atomic(sql, async (tx) => {
		const o = await orders.transition(tx, me, locationId, orderId, to, from);
		// Saavor is told when its order is ready for handoff (durable queue, retried).
		if (o.source === 'saavor' && to === 'ready') await enqueuePrepared(tx, o);
		// Once per order: a recalled and readied-again ticket consumes nothing the second time.
		if (to === 'ready') await consumeOrder(tx, me, o.id);
		return o;
	});
}

/** Hands a ready ticket off (or recalls it); Saavor already heard "ready" at the transition. */
export function serve(
	sql: Db,
	me: Identity,
	locationId: string,
	orderId: string,
	served: boolean
): Promise<orders.KitchenOrder> {
	return atomic(sql, (tx) => orders.serve(tx, me, locationId, orderId, served));
}
