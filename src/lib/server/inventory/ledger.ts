// The stock ledger: the ONLY writer of stock_levels and stock_movements (DESIGN.md, "one
// writer per aggregate"). Set-quantity, adjust, waste, receiving (purchasing) and count approval
// all call move() inside their own transaction; it locks the level row, writes the movement
// (the delta) and the new level, audits it and emits it on inventory:{locationId}.
//
//   const { movement, level, replayed } = await ledger.move(tx, me, {
//     storeId, itemId, delta: 12.5, reason: 'receive', note: 'PO 1042', clientId
//   });
//
// Decisions (documented in the README):
// - Levels are per store; a location's stock is the sum of its stores.
// - A delta (adjust, waste, receive) that would take the level below zero is refused with a
//   409 naming the level, unless the caller passes allowNegative (an offline replay of what
//   already happened on the floor must not be lost). Set-quantity never goes below zero.
// - The same clientId twice, even concurrently, writes once: the second call returns the first
//   movement with replayed: true. Reusing a clientId for another store or item is a 409.
import type { Tx } from '../db/index';
import type { Identity } from '../auth/identity';
import { recordChange } from '../audit/log';
import { channels } from '../../shared/channels';
import type { StockLevelEvent } from '../../shared/events';
import { badRequest, conflict, forbidden, notFound } from '../http/errors';
import { stockMoved } from '../menus/stock';
import * as stockItems from './stock-items';
import {
	ALL_REASONS,
	REASONS,
	WASTE_REASONS,
	type AnyReason,
	type StockReason,
	type WasteReason
} from '../../shared/wire/inventory';

// Reasons known today (shared with the screens); stock_reasons holds the authoritative list.
export { ALL_REASONS, REASONS, WASTE_REASONS, type AnyReason, type StockReason, type WasteReason };

/** Largest quantity a level or a movement may hold (numeric(14, 4)). */
export const MAX_QUANTITY = 9_999_999_999;

export type Actor = Pick<Identity, 'userId' | 'role'> | null;

export type MoveInput = {
	storeId: string;
	itemId: string;
	/** receive | adjust | waste | count_correction | sale (| whatever stock_reasons gains later) */
	reason: AnyReason | (string & {});
	wasteReason?: WasteReason | null;
	note?: string | null;
	/** Client-generated UUID: retries and offline replays of the same movement write once. */
	clientId?: string | null;
	/** Take the level below zero instead of refusing (offline replays). */
	allowNegative?: boolean;
	/** When it happened, if not now (offline replays, imports, the demo seed's history). */
	at?: Date | null;
} & ({ delta: number; setTo?: undefined } | { setTo: number; delta?: undefined });

export interface Movement {
	id: string;
	store_id: string;
	item_id: string;
	location_id: string;
	delta: number;
	quantity_after: number;
	reason: string;
	waste_reason: string | null;
	note: string | null;
	client_id: string | null;
	actor_id: string | null;
	actor_role: string | null;
	created_at: Date;
}

export interface Level {
	store_id: string;
	item_id: string;
	quantity: number;
	updated_at: Date;
}

export interface MoveResult {
	movement: Movement;
	level: Level;
	/** true when clientId had already been written: nothing changed this time. */
	replayed: boolean;
	/** seq of the movement's stock.level event on inventory:{locationId}; none when replayed. */
	seq?: number;
}

/** Payload of the `stock.level` event on inventory:{locationId}. */
export type { StockLevelEvent };

const MOVEMENT_COLS = `id, store_id, item_id, location_id, delta, quantity_after, reason,
	waste_reason, note, client_id, actor_id, actor_role, created_at`;

/**
 * Locks (creating at zero if new) the level row of a store/item until the transaction ends and
 * returns the level: a caller that computes a movement from the ledger's history (count
 * approval) takes it first so no movement slips in between its reads and its move().
 */
export async function lockLevel(tx: Tx, storeId: string, itemId: string): Promise<number> {
	const [cur] = await tx<{ quantity: number }[]>`
		insert into stock_levels as l (store_id, item_id, quantity)
		values (${storeId}, ${itemId}, 0)
		on conflict (store_id, item_id) do update set quantity = l.quantity
		returning quantity`;
	return cur.quantity;
}

/**
 * Writes one movement and the level it produces. Call inside a transaction (`tx` from
 * sql.begin): nothing here commits. Throws ApiError 404 (store/item), 409 (below zero, clientId
 * reused for something else). Authorization is the caller's job (it knows its route's gate);
 * a caller whose scope is a set of locations passes it as `writableIn` (403).
 */
export interface MoveOptions {
	/**
	 * Locations whose stores the caller may write in (null or absent: any). A store elsewhere
	 * is a 403, checked in the lookup, before any level row is locked.
	 */
	writableIn?: readonly string[] | null;
}

export async function move(
	tx: Tx,
	actor: Actor,
	input: MoveInput,
	opts: MoveOptions = {}
): Promise<MoveResult> {
	const isSet = input.setTo !== undefined;
	const amount = isSet ? input.setTo! : input.delta!;
	// Routes validate with zod first; these guard the other callers (purchasing, counts, sync).
	if (typeof amount !== 'number' || !Number.isFinite(amount) || Math.abs(amount) > MAX_QUANTITY) {
		throw badRequest('quantity must be a finite number');
	}
	if (isSet && amount < 0) throw badRequest('quantity must not be negative');
	if (!isSet && amount === 0) throw badRequest('delta must not be zero');
	if ((input.reason === 'waste') !== (input.wasteReason != null)) {
		throw badRequest('waste_reason is required for waste, and only for waste');
	}
	// One round trip for the lookups, the caller's scope and the level lock. The lock (creating
	// the row at zero if new) is taken only when the store, the item and the reason exist and
	// the store is writable: every writer of this store/item queues on it, so concurrent
	// movements apply one after another and the clientId check below is race-free. The
	// movement's foreign keys key-share-lock the store and the item until commit, so neither
	// can be deleted under us.
	const scope = opts.writableIn ?? null;
	const [found] = await tx<
		{
			location_id: string;
			item: string | null;
			reason: string | null;
			writable: boolean;
			quantity: number | null;
		}[]
	>`
		with f as (
			select s.location_id,
				(select id from items where id = ${input.itemId}) as item,
				(select reason from stock_reasons where reason = ${input.reason}) as reason,
				(${scope === null} or s.location_id = any(${scope ?? []}::uuid[])) as writable
			from stores s where s.id = ${input.storeId}
		), lock as (
			insert into stock_levels as l (store_id, item_id, quantity)
			select ${input.storeId}, ${input.itemId}, 0 from f
			where f.writable and f.item is not null and f.reason is not null
			on conflict (store_id, item_id) do update set quantity = l.quantity
			returning quantity
		)
		select f.*, (select quantity from lock) as quantity from f`;
	if (!found) throw notFound('Store not found');
	if (!found.writable) throw forbidden();
	if (!found.item) throw notFound('Item not found');
	if (!found.reason) throw badRequest(`Unknown reason ${input.reason}`);
	const store = found;
	const cur = { quantity: found.quantity! };

	if (input.clientId) {
		const [seen] = await tx.unsafe<Movement[]>(
			`select ${MOVEMENT_COLS} from stock_movements where client_id = $1`,
			[input.clientId]
		);
		if (seen) {
			if (seen.store_id !== input.storeId || seen.item_id !== input.itemId) {
				throw conflict(`client_id ${input.clientId} was already used for another movement`);
			}
			const [level] = await tx<Level[]>`
				select store_id, item_id, quantity, updated_at from stock_levels
				where store_id = ${input.storeId} and item_id = ${input.itemId}`;
			return { movement: seen, level, replayed: true };
		}
	}

	// Arithmetic in numeric, in the database: JS floats would turn 0.1 + 0.2 into a level.
	const rows = await tx.unsafe<Movement[]>(
		`with cur as (
			select quantity from stock_levels where store_id = $1 and item_id = $2
		), m as (
			insert into stock_movements (store_id, item_id, location_id, delta, quantity_after,
				reason, waste_reason, note, client_id, actor_id, actor_role, created_at)
			select $1, $2, $3,
				case when $4 then $5::numeric - cur.quantity else $5::numeric end,
				case when $4 then $5::numeric else cur.quantity + $5::numeric end,
				$6, $7, $8, $9, $10, $11, coalesce($13::timestamptz, now())
			from cur
			where $4 or $12 or cur.quantity + $5::numeric >= 0
			returning ${MOVEMENT_COLS}
		), u as (
			update stock_levels l set quantity = m.quantity_after, updated_at = now()
			from m where l.store_id = m.store_id and l.item_id = m.item_id
		), d as (
			insert into stock_usage_daily as d (store_id, item_id, day, reason, waste_reason, used)
			select m.store_id, m.item_id, (m.created_at at time zone l.timezone)::date, m.reason,
				coalesce(m.waste_reason, ''), abs(m.delta)
			from m join locations l on l.id = m.location_id
			on conflict (store_id, day, item_id, reason, waste_reason)
			do update set used = d.used + excluded.used
		)
		select * from m`,
		[
			input.storeId,
			input.itemId,
			store.location_id,
			isSet,
			String(amount),
			input.reason,
			input.wasteReason ?? null,
			input.note ?? null,
			input.clientId ?? null,
			actor?.userId ?? null,
			actor?.role ?? null,
			input.allowNegative ?? false,
			input.at ?? null
		],
		// A named statement, parsed once per connection (unsafe() re-parses by default).
		{ prepare: true }
	);
	const movement = rows[0];
	if (!movement) {
		throw conflict(
			`Only ${cur.quantity} on hand: a change of ${amount} would go below zero. ` +
				'Count the item (set the quantity) first.'
		);
	}
	const level: Level = {
		store_id: movement.store_id,
		item_id: movement.item_id,
		quantity: movement.quantity_after,
		updated_at: new Date()
	};
	// From the stock.level emit to COMMIT this transaction holds the counter row of the
	// location's inventory channel, and every other movement of the location waits for it
	// (gapless, commit-ordered seqs): that stretch is the serialized part of all of the
	// location's writes. So the emit is the last write but one, and the audit row before it,
	// the stock_item_revs stamp and stockMoved's read after it leave in the same round trip
	// (pipelined; Postgres runs them in this order, the last two under the lock). Then only
	// COMMIT follows.
	const change = recordChange(
		tx,
		actor,
		{
			action: `stock.${movement.reason}`,
			entity: 'stock_movement',
			entityId: movement.id,
			locationId: movement.location_id,
			before: { store_id: movement.store_id, item_id: movement.item_id, quantity: cur.quantity },
			after: movement
		},
		{
			to: channels.inventory(movement.location_id),
			type: 'stock.level',
			payload: {
				store_id: movement.store_id,
				item_id: movement.item_id,
				quantity: movement.quantity_after,
				movement_id: movement.id,
				delta: movement.delta,
				reason: movement.reason,
				waste_reason: movement.waste_reason
			}
		}
	);
	// The synced document of the item at this location (a stock_buckets pull) changed with it:
	// stamped with the seq the emit just took, read from the counter row it holds.
	const stamp = stockItems.stampAtHead(tx, movement.location_id, [movement.item_id]);
	// Predictive 86: the live menu's readers hear when a dish's availability changed.
	const menu =
		Number(movement.delta) !== 0
			? stockMoved(tx, movement.location_id, movement.item_id, Number(movement.delta))
			: undefined;
	const [[seq], [stamped]] = await Promise.all([change, stamp, menu]);
	if (stamped !== seq)
		throw new Error(`stock_item_revs rev ${stamped} is not the event's seq ${seq}`);
	return { movement, level, replayed: false, seq };
}

/**
 * Locks (creating at zero if new) the level rows a multi-line writer (a receipt, a count
 * approval) is about to move, in one sorted order, before its first move(). Each move()
 * emits on the location's inventory channel and holds that counter row until commit; without
 * this, two such writers could each hold a level the other needs next while one of them waits
 * on the counter (a deadlock). Writes no movement and changes no quantity.
 */
export async function lockLevels(tx: Tx, storeId: string, itemIds: readonly string[]) {
	await holdItems(tx, itemIds);
	for (const itemId of [...new Set(itemIds)].sort()) {
		await tx`
			insert into stock_levels as l (store_id, item_id, quantity) values (${storeId}, ${itemId}, 0)
			on conflict (store_id, item_id) do update set quantity = l.quantity`;
	}
}

/**
 * Key-share-locks the items a multi-line writer is about to move, before it takes the first
 * counter (its first move()): each movement's foreign key takes that lock anyway, but one taken
 * after the counter could wait on an item writer (items.update/remove hold the item, then take
 * every location's counter: stock-items.touchItems) that waits on that counter: a deadlock.
 */
export async function holdItems(tx: Tx, itemIds: readonly string[]) {
	const ids = [...new Set(itemIds)].sort();
	if (ids.length === 0) return;
	await tx`select id from items where id = any(${ids}::uuid[]) order by id for key share`;
}

/**
 * Recounts a location's daily usage totals from its movements: its calendar days moved when
 * its time zone changed. Call in the transaction that changes the time zone.
 */
export async function rebuildUsage(tx: Tx, locationId: string): Promise<void> {
	await tx`delete from stock_usage_daily where store_id in (select id from stores where location_id = ${locationId})`;
	await tx`
		insert into stock_usage_daily (store_id, item_id, day, reason, waste_reason, used)
		select m.store_id, m.item_id, (m.created_at at time zone l.timezone)::date, m.reason,
			coalesce(m.waste_reason, ''), sum(abs(m.delta))
		from stock_movements m join locations l on l.id = m.location_id
		where m.location_id = ${locationId}
		group by 1, 2, 3, 4, 5`;
}
