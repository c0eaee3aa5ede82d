// Sales deplete stock (issue 14, beyond the reference). When an order reaches `ready` (the food
// is cooked), each line's components leave the location's designated line store through the
// ledger as `sale` movements, in the transaction of the transition (kitchen/prep.ts calls
// consumeOrder). A meal line takes its components' buying quantities (quantity × 100 /
// yield_pct, what costing charges), an item line takes the item itself.
//
// Decisions (README, "Sales deplete stock"):
// - Once per order: orders.stock_consumed_at is set in the consuming transaction, under the
//   order row lock the transition holds, so a recalled (ready → preparing) and readied-again
//   order consumes nothing the second time. Each movement's client id is derived from the
//   order and the item, so even a second path could not write it twice.
// - A sale is never refused: what was cooked was used. A level that goes below zero is
//   allowed (allowNegative) and flagged: the movement's note says the line store was short,
//   and the level reads negative until stock is moved in or counted.
// - No line store designated: nothing is consumed and the order readies as before; the
//   order is not marked, so a recall and re-ready after a line store is set consumes it then.
// - Lines revised by Saavor after the order was consumed are not consumed again.
import { z } from 'zod';
import { atomic, type Db, type Tx } from '../db/index';
import type { Identity } from '../auth/identity';
import { readScope } from '../auth/guard';
import { record } from '../audit/log';
import { badRequest, notFound } from '../http/errors';
import * as ledger from './ledger';

export const lineStoreInput = z.strictObject({
	/** One of the location's stores, or null: sales consume nothing. */
	store_id: z.uuid({ message: 'must be a UUID' }).nullable()
});

export interface LineStore {
	location_id: string;
	store_id: string | null;
	store_name: string | null;
}

/** The location's line store; undefined when the location is unknown or not readable. */
export async function lineStore(
	db: Db,
	me: Identity,
	locationId: string
): Promise<LineStore | undefined> {
	const scope = readScope(me);
	const [r] = await db<LineStore[]>`
		select l.id as location_id, l.line_store_id as store_id, s.name as store_name
		from locations l left join stores s on s.id = l.line_store_id
		where l.id = ${locationId} and (${scope === null} or l.id = any(${scope ?? []}::uuid[]))`;
	return r;
}

/** Designates (or clears) the store sales are taken from. Manager of the location; audited. */
export function setLineStore(
	db: Db,
	me: Identity,
	locationId: string,
	body: z.output<typeof lineStoreInput>
): Promise<LineStore> {
	return atomic(db, async (tx) => {
		const scope = readScope(me);
		const [before] = await tx<{ store_id: string | null }[]>`
			select line_store_id as store_id from locations
			where id = ${locationId} and (${scope === null} or id = any(${scope ?? []}::uuid[]))
			for update`;
		if (!before) throw notFound('Location not found');
		if (body.store_id) {
			const [s] = await tx`
				select id from stores where id = ${body.store_id} and location_id = ${locationId}`;
			if (!s) throw badRequest('store_id: not a store of this location');
		}
		await tx`update locations set line_store_id = ${body.store_id}, updated_at = now()
			where id = ${locationId}`;
		const after = (await lineStore(tx, me, locationId))!;
		await record(tx, me, {
			action: 'set_line_store',
			entity: 'location',
			entityId: locationId,
			locationId,
			before,
			after
		});
		return after;
	});
}

export interface Consumption {
	store_id: string;
	item_id: string;
	quantity: number;
	/** The line store did not hold enough: the level went below zero (allowed, flagged). */
	short: boolean;
}

/**
 * Consumes a ready order's components from its location's line store, once. Call inside the
 * transaction that moved the order to ready, after its row was locked (orders.transition).
 * Returns what was taken (empty: already consumed, no line store, or nothing stock-tracked).
 */
export async function consumeOrder(tx: Tx, actor: ledger.Actor, orderId: string) {
	const [o] = await tx<{ location_id: string; store_id: string | null; consumed: boolean }[]>`
		select o.location_id, l.line_store_id as store_id, o.stock_consumed_at is not null as consumed
		from orders o join locations l on l.id = o.location_id
		where o.id = ${orderId}`;
	if (!o || o.consumed || !o.store_id) return [];
	// Per item over all lines (a burger and a double both take patties: one movement), in
	// numeric; the level's scale (4 decimals) is where the quantity is rounded.
	const need = await tx<{ item_id: string; quantity: number; client_id: string }[]>`
		with used as (
			select c.item_id, l.quantity * c.quantity * 100 / c.yield_pct as quantity
			from order_lines l join meal_components c on c.meal_id = l.meal_id
			where l.order_id = ${orderId}
			union all
			select l.item_id, l.quantity::numeric from order_lines l
			where l.order_id = ${orderId} and l.item_id is not null
		)
		select item_id, round(sum(quantity), 4) as quantity,
			md5('sale:' || ${orderId}::text || ':' || item_id::text)::uuid as client_id
		from used group by item_id having round(sum(quantity), 4) > 0
		order by item_id`;
	await tx`update orders set stock_consumed_at = now() where id = ${orderId}`;
	if (need.length === 0) return [];
	// One sorted lock order for the level rows before the first move (see ledger.lockLevels).
	await ledger.lockLevels(
		tx,
		o.store_id,
		need.map((n) => n.item_id)
	);
	const out: Consumption[] = [];
	for (const n of need) {
		const level = await ledger.lockLevel(tx, o.store_id, n.item_id);
		const short = level - n.quantity < 0;
		await ledger.move(tx, actor, {
			storeId: o.store_id,
			itemId: n.item_id,
			delta: -n.quantity,
			reason: 'sale',
			clientId: n.client_id,
			allowNegative: true,
			note: short
				? `Order ${orderId}: sold with the line store short (went below zero); move stock in or count it`
				: `Order ${orderId}`
		});
		out.push({ store_id: o.store_id, item_id: n.item_id, quantity: n.quantity, short });
	}
	return out;
}
