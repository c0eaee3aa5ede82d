// The kitchen's view of orders. Saavor owns its orders; PrepTable only moves the prep state
// queued → preparing → ready (and one step back to undo a mis-tap).
import type { Db, Tx } from '../db/index';
import { ApiError } from '../http/errors';
import { recordChange, type Emission } from '../audit/log';
import { inScope, type Identity } from '../auth/identity';
import { channels } from '../../shared/channels';
import { head } from '../events/outbox';
import {
	PREP_STATES,
	type PrepState,
	type KitchenOrder as WireOrder
} from '../../shared/wire/kitchen';

export { PREP_STATES, type PrepState };

/** Allowed moves: forward one step, or back one step. */
export function canMove(from: PrepState, to: PrepState): boolean {
	const d = PREP_STATES.indexOf(to) - PREP_STATES.indexOf(from);
	return d === 1 || d === -1;
}

export type KitchenOrder = WireOrder<Date>;

const SELECT = `o.id, o.location_id, o.source, o.external_id, t.number as table_number, o.customer_name,
	o.notes, o.prep_state, o.total_cents, o.created_at, o.updated_at, o.prep_state_changed_at, o.served_at,
	coalesce((select json_agg(json_build_object('name', l.name, 'quantity', l.quantity, 'notes', l.notes)
		order by l.position) from order_lines l where l.order_id = o.id), '[]') as lines`;

/**
 * Open tickets plus those made ready (served or not) in the last few hours: the board shows
 * the ones not handed off and offers the rest for recall. Oldest first.
 */
export async function list(db: Db, locationId: string, readyHours = 3): Promise<KitchenOrder[]> {
	return db<KitchenOrder[]>`
		select ${db.unsafe(SELECT)} from orders o left join dining_tables t on t.id = o.table_id
		where o.location_id = ${locationId} and o.cancelled_at is null
			and (o.prep_state <> 'ready' or o.prep_state_changed_at > now() - ${readyHours} * interval '1 hour')
		order by o.created_at, o.id`;
}

/**
 * The kitchen board's snapshot: open tickets (none outside the caller's scope) and `seq`, the
 * kitchen stream position they include, read first so the stream resumed from it misses nothing.
 */
export async function snapshot(
	db: Db,
	me: Identity,
	locationId: string
): Promise<{ orders: KitchenOrder[]; seq: number }> {
	const { last: seq } = await head(db, channels.kitchen(locationId));
	return { orders: inScope(me, locationId) ? await list(db, locationId) : [], seq };
}

export async function get(db: Db, id: string): Promise<KitchenOrder | undefined> {
	const [o] = await db<KitchenOrder[]>`
		select ${db.unsafe(SELECT)} from orders o left join dining_tables t on t.id = o.table_id where o.id = ${id}`;
	return o;
}

export interface NewOrderLine {
	mealId?: string | null;
	itemId?: string | null;
	name: string;
	quantity: number;
	/** What the diner was charged; Saavor orders carry no line prices. */
	unitPriceCents?: number;
	notes?: string;
}

export interface NewOrder {
	locationId: string;
	source: 'table' | 'saavor';
	/** Saavor's order id (source saavor). */
	externalId?: string;
	/** The diner's table session, table and submission key (source table). */
	tableSessionId?: string;
	tableId?: string;
	idempotencyKey?: string;
	customerName: string;
	notes: string;
	totalCents: number;
	lines: NewOrderLine[];
}

/**
 * The one place an order is created, whoever takes it (a diner, Saavor). Returns the new id, or
 * undefined when the order exists already: the same Saavor id, or the same diner submission
 * key (a retry, possibly concurrent), so a caller answers with the existing one.
 */
export async function create(tx: Tx, o: NewOrder): Promise<string | undefined> {
	const [row] = await tx<{ id: string }[]>`
		insert into orders (location_id, source, external_id, table_session_id, table_id, idempotency_key,
			customer_name, notes, total_cents)
		values (${o.locationId}, ${o.source}, ${o.externalId ?? null}, ${o.tableSessionId ?? null},
			${o.tableId ?? null}, ${o.idempotencyKey ?? null}, ${o.customerName}, ${o.notes}, ${o.totalCents})
		on conflict do nothing
		returning id`;
	if (!row) return undefined;
	await insertLines(tx, row.id, o.lines);
	return row.id;
}

/** Saavor revised its order: new customer name or notes (when given), new lines (when any). */
export async function revise(
	tx: Tx,
	id: string,
	patch: { customerName?: string; notes?: string; lines: NewOrderLine[] }
): Promise<void> {
	await tx`update orders set customer_name = coalesce(${patch.customerName ?? null}, customer_name),
		notes = coalesce(${patch.notes ?? null}, notes), updated_at = now() where id = ${id}`;
	if (patch.lines.length) {
		await tx`delete from order_lines where order_id = ${id}`;
		await insertLines(tx, id, patch.lines);
	}
}

/** The order was called off where it was taken (Saavor); the board drops it. */
export async function cancel(tx: Tx, id: string): Promise<void> {
	await tx`update orders set cancelled_at = now(), updated_at = now() where id = ${id}`;
}

async function insertLines(tx: Tx, orderId: string, lines: NewOrderLine[]) {
	let position = 0;
	for (const l of lines) {
		await tx`
			insert into order_lines (order_id, position, meal_id, item_id, name, quantity, unit_price_cents, notes)
			values (${orderId}, ${position++}, ${l.mealId ?? null}, ${l.itemId ?? null}, ${l.name},
				${l.quantity}, ${l.unitPriceCents ?? 0}, ${l.notes ?? ''})`;
	}
}

type OrderEventType = 'order:created' | 'order:updated' | 'order:cancelled';

/**
 * The one `order:*` event: to the kitchen, the branch and (table orders) the diner, always the
 * whole order as the kitchen snapshot has it, whoever created or changed it.
 */
export function orderEvent(
	type: OrderEventType,
	order: KitchenOrder,
	sessionId: string | null
): Emission {
	return {
		to: [
			channels.kitchen(order.location_id),
			channels.branch(order.location_id),
			...(sessionId ? [channels.session(sessionId)] : [])
		],
		type,
		payload: { orderId: order.id, order, sessionId }
	};
}

/**
 * Moves an order to `to`. The row is locked, so concurrent taps serialize: the second sees the
 * state the first left and is refused if its move no longer makes sense (409).
 */
export async function transition(
	tx: Tx,
	me: Identity,
	locationId: string,
	orderId: string,
	to: PrepState,
	from?: PrepState
) {
	const [row] = await tx<
		{ prep_state: PrepState; table_session_id: string | null; cancelled_at: Date | null }[]
	>`
		select prep_state, table_session_id, cancelled_at from orders
		where id = ${orderId} and location_id = ${locationId} for update`;
	if (!row) throw new ApiError(404, 'Order not found');
	if (row.cancelled_at) throw new ApiError(409, 'Order was cancelled');
	if (from && row.prep_state !== from)
		throw new ApiError(409, `Order is ${row.prep_state}, not ${from}`);
	if (!canMove(row.prep_state, to))
		throw new ApiError(409, `Cannot move an order from ${row.prep_state} to ${to}`);
	// A ticket sent back to the line is no longer handed off.
	await tx`update orders set prep_state = ${to}, prep_state_changed_at = now(), updated_at = now(),
		served_at = null where id = ${orderId}`;
	const order = (await get(tx, orderId))!;
	await recordChange(
		tx,
		me,
		{
			action: 'transition',
			entity: 'order',
			entityId: orderId,
			locationId,
			before: { prep_state: row.prep_state },
			after: { prep_state: to }
		},
		orderEvent('order:updated', order, row.table_session_id)
	);
	return order;
}

/**
 * Hands a ready order off (served: it leaves the board), or recalls a handed-off one back to
 * Ready. The row is locked like a transition: a second screen's tap that no longer makes sense
 * is a 409 saying what happened, never applied twice.
 */
export async function serve(
	tx: Tx,
	me: Identity,
	locationId: string,
	orderId: string,
	served: boolean
): Promise<KitchenOrder> {
	const [row] = await tx<
		{
			prep_state: PrepState;
			served_at: Date | null;
			table_session_id: string | null;
			cancelled_at: Date | null;
		}[]
	>`
		select prep_state, served_at, table_session_id, cancelled_at from orders
		where id = ${orderId} and location_id = ${locationId} for update`;
	if (!row) throw new ApiError(404, 'Order not found');
	if (row.cancelled_at) throw new ApiError(409, 'Order was cancelled');
	if (served && row.prep_state !== 'ready')
		throw new ApiError(409, `Order is ${row.prep_state}: only a ready order can be handed off`);
	if (served && row.served_at) throw new ApiError(409, 'Order was already handed off');
	if (!served && !row.served_at) throw new ApiError(409, 'Order is not handed off');
	await tx`update orders set served_at = ${served ? tx`now()` : null}, updated_at = now()
		where id = ${orderId}`;
	const order = (await get(tx, orderId))!;
	await recordChange(
		tx,
		me,
		{
			action: served ? 'serve' : 'unserve',
			entity: 'order',
			entityId: orderId,
			locationId,
			before: { served_at: row.served_at },
			after: { served_at: order.served_at }
		},
		orderEvent('order:updated', order, row.table_session_id)
	);
	return order;
}
