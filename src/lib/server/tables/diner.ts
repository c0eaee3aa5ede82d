// What a diner can do with their table session: read the menu, order, call staff. Orders are
// priced on the server and land in the kitchen's order table (source 'table').
import { z } from 'zod';
import { atomic, type Db, type Tx } from '../db/index';
import { ApiError } from '../http/errors';
import { channels } from '../../shared/channels';
import type { TableAt } from './tables';
import { recordChange } from '../audit/log';
import * as kitchen from '../kitchen/orders';
import * as sessions from './sessions';
import type { DinerOrder } from '../../shared/wire/diner';
import * as liveMenu from '../menus/live';
import { lockActive, type Diner } from './gate';

export const orderBody = z.strictObject({
	idempotencyKey: z.string().min(8).max(100),
	notes: z.string().trim().max(500).default(''),
	lines: z
		.array(
			z
				.strictObject({
					mealId: z.uuid().optional(),
					itemId: z.uuid().optional(),
					quantity: z.number().int().min(1).max(50),
					notes: z.string().trim().max(200).default('')
				})
				.refine(
					(l) => (l.mealId ? 1 : 0) + (l.itemId ? 1 : 0) === 1,
					'give exactly one of mealId or itemId'
				)
		)
		.min(1)
		.max(50)
});

export type OrderView = DinerOrder<Date>;

export async function orders(db: Db, sessionId: string): Promise<OrderView[]> {
	return db<OrderView[]>`
		select o.id, o.prep_state, o.total_cents, o.notes, o.created_at,
			coalesce((select json_agg(json_build_object('name', l.name, 'quantity', l.quantity,
				'unit_price_cents', l.unit_price_cents, 'notes', l.notes) order by l.position)
				from order_lines l where l.order_id = o.id), '[]') as lines
		from orders o where o.table_session_id = ${sessionId}
		order by o.created_at`;
}

/** Places an order; the same idempotency key returns the first order instead of a second one. */
export async function placeOrder(
	tx: Tx,
	session: sessions.Session,
	table: TableAt,
	body: z.output<typeof orderBody>
): Promise<{ order: OrderView; created: boolean }> {
	const [existing] = await tx<{ id: string }[]>`
		select id from orders where table_session_id = ${session.id} and idempotency_key = ${body.idempotencyKey}`;
	if (existing)
		return {
			order: (await orders(tx, session.id)).find((o) => o.id === existing.id)!,
			created: false
		};

	const priced = await liveMenu.price(tx, table.location_id, body.lines);
	const total = priced.reduce((sum, l) => sum + l.entry.price_cents * l.quantity, 0);
	const orderId = await kitchen.create(tx, {
		locationId: table.location_id,
		source: 'table',
		tableSessionId: session.id,
		tableId: table.id,
		idempotencyKey: body.idempotencyKey,
		customerName: session.customer_name,
		notes: body.notes,
		totalCents: total,
		lines: priced.map((l) => ({
			mealId: l.mealId,
			itemId: l.itemId,
			name: l.entry.name,
			quantity: l.quantity,
			unitPriceCents: l.entry.price_cents,
			notes: l.notes
		}))
	});
	if (!orderId) {
		// A concurrent retry with the same key won; answer with its order.
		const [o] = await tx<{ id: string }[]>`
			select id from orders where table_session_id = ${session.id} and idempotency_key = ${body.idempotencyKey}`;
		return { order: (await orders(tx, session.id)).find((x) => x.id === o.id)!, created: false };
	}
	const order = (await orders(tx, session.id)).find((o) => o.id === orderId)!;
	// The kitchen's shape, as Saavor orders and the kitchen snapshot have it.
	await recordChange(
		tx,
		null,
		{
			action: 'create',
			entity: 'order',
			entityId: orderId,
			locationId: table.location_id,
			after: { source: 'table', session_id: session.id, total_cents: total }
		},
		kitchen.orderEvent('order:created', (await kitchen.get(tx, orderId))!, session.id)
	);
	return { order, created: true };
}

/** A diner's order from their phone: their session is checked and locked, the order priced. */
export async function order(
	db: Db,
	d: Diner,
	body: z.output<typeof orderBody>
): Promise<{ order: OrderView; created: boolean }> {
	return atomic(db, async (tx) => placeOrder(tx, await lockActive(tx, d), d.table, body));
}

export const callBody = z.strictObject({ type: z.enum(['waiter', 'bill']) });

export async function call(
	tx: Tx,
	session: sessions.Session,
	table: TableAt,
	type: 'waiter' | 'bill'
) {
	const rows = await tx<{ id: string; created_at: Date }[]>`
		insert into waiter_calls (table_id, location_id, session_id, type)
		values (${table.id}, ${table.location_id}, ${session.id}, ${type})
		on conflict do nothing
		returning id, created_at`;
	if (rows.length === 0) {
		throw new ApiError(
			409,
			type === 'bill' ? 'The bill is already on its way' : 'A waiter is already on the way',
			'CALL_PENDING'
		);
	}
	await recordChange(
		tx,
		null,
		{
			action: 'create',
			entity: 'waiter_call',
			entityId: rows[0].id,
			locationId: table.location_id,
			after: { type, session_id: session.id }
		},
		{
			to: channels.branch(table.location_id),
			type: 'call:created',
			payload: {
				callId: rows[0].id,
				type,
				tableId: table.id,
				tableNumber: table.number,
				sessionId: session.id
			}
		}
	);
	return { id: rows[0].id, type, status: 'pending', created_at: rows[0].created_at };
}

/** A diner calls a waiter or asks for the bill; their session is checked and locked. */
export async function callStaff(db: Db, d: Diner, type: 'waiter' | 'bill') {
	return atomic(db, async (tx) => call(tx, await lockActive(tx, d), d.table, type));
}
