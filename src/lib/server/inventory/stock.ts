// Stock operations behind the routes (set-quantity, adjust, waste), the inventory reads and
// par levels. Every write goes through ledger.move(); this module only validates, checks scope
// and owns the transaction.
import { z } from 'zod';
import type { Db, Sql } from '../db/index';
import { inScope, type Identity } from '../auth/identity';
import { readScope } from '../auth/guard';
import { record } from '../audit/log';
import { emit } from '../events/outbox';
import { notFound } from '../http/errors';
import { uuid } from '../http/request';
import * as ledger from './ledger';
import * as stockItems from './stock-items';
import { channels } from '../../shared/channels';
import type { InventoryLine as Wire } from '../../shared/wire/inventory';

/** A quantity in the item's unit: finite, at most 4 decimals (numeric(14, 4)). */
export const quantity = z
	.number({ message: 'must be a number' })
	.refine(
		(n) => Number.isFinite(n) && Math.abs(n) <= ledger.MAX_QUANTITY,
		'must be a finite number'
	)
	.refine((n) => Math.abs(n * 1e4 - Math.round(n * 1e4)) < 1e-6, 'at most 4 decimal places');

const note = z.string().trim().max(500).nullable().optional();
const clientId = uuid.nullable().optional();

export const setQuantityInput = z.strictObject({
	quantity: quantity.refine((n) => n >= 0, 'must not be negative'),
	reason: z.enum(['receive', 'adjust', 'count_correction']),
	note,
	client_id: clientId
});

export const adjustInput = z.strictObject({
	delta: quantity.refine((n) => n !== 0, 'must not be zero'),
	reason: z.enum(['receive', 'adjust', 'count_correction']).default('adjust'),
	note,
	client_id: clientId
});

export const wasteInput = z.strictObject({
	store_id: uuid,
	quantity: quantity.refine((n) => n > 0, 'must be greater than zero'),
	waste_reason: z.enum(ledger.WASTE_REASONS),
	note,
	client_id: clientId
});

export const parInput = z
	.strictObject({
		par_level: quantity.refine((n) => n >= 0, 'must not be negative'),
		reorder_point: quantity
			.refine((n) => n >= 0, 'must not be negative')
			.nullable()
			.default(null)
	})
	.refine((p) => p.reorder_point === null || p.reorder_point <= p.par_level, {
		message: 'must not exceed par_level',
		path: ['reorder_point']
	});

// The store must be in the caller's campuses (404 if unknown, then 403): the ledger checks it
// in its first statement, before it locks anything.
function moveIn(sql: Sql, me: Identity, input: ledger.MoveInput): Promise<ledger.MoveResult> {
	return sql.begin((tx) =>
		ledger.move(tx, me, input, { writableIn: me.allLocations ? null : me.locationIds })
	);
}

export function setQuantity(
	sql: Sql,
	me: Identity,
	storeId: string,
	itemId: string,
	body: z.output<typeof setQuantityInput>
) {
	return moveIn(sql, me, {
		storeId,
		itemId,
		setTo: body.quantity,
		reason: body.reason,
		note: body.note,
		clientId: body.client_id
	});
}

export function adjust(
	sql: Sql,
	me: Identity,
	itemId: string,
	storeId: string,
	body: z.output<typeof adjustInput>
) {
	return moveIn(sql, me, {
		storeId,
		itemId,
		delta: body.delta,
		reason: body.reason,
		note: body.note,
		clientId: body.client_id
	});
}

export function waste(sql: Sql, me: Identity, itemId: string, body: z.output<typeof wasteInput>) {
	return moveIn(sql, me, {
		storeId: body.store_id,
		itemId,
		delta: -body.quantity,
		reason: 'waste',
		wasteReason: body.waste_reason,
		note: body.note,
		clientId: body.client_id
	});
}

export type InventoryLine = Wire<Date>;

/**
 * Every catalog item with its level in the store (0 when never stocked), the location's level
 * and par; low = location level ≤ reorder point (default: the par), for items with a par > 0.
 * Undefined when the store is unknown or out of the caller's scope.
 */
export async function storeInventory(db: Db, me: Identity, storeId: string, q?: string) {
	const scope = readScope(me);
	const [store] = await db<{ id: string; location_id: string; name: string }[]>`
		select id, location_id, name from stores
		where id = ${storeId} and (${scope === null} or location_id = any(${scope ?? []}::uuid[]))`;
	if (!store) return undefined;
	const like = q ? `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%` : null;
	// The par is the location's, so low compares it with the location's stock (the sum of its
	// stores, as the low-stock report does): 5 in the walk-in and 20 in dry storage is not low
	// against a par of 20.
	const items = await db<InventoryLine[]>`
		with lv as (
			select l.item_id, sum(l.quantity) as quantity
			from stock_levels l join stores s on s.id = l.store_id
			where s.location_id = ${store.location_id}
			group by l.item_id
		)
		select i.id as item_id, i.name as item_name, i.sku as item_sku, i.unit,
			coalesce(l.quantity, 0) as quantity, coalesce(lv.quantity, 0) as location_quantity,
			p.par_level, p.reorder_point,
			coalesce(p.par_level > 0 and coalesce(lv.quantity, 0) <= coalesce(p.reorder_point, p.par_level), false) as low,
			l.updated_at
		from items i
		left join stock_levels l on l.item_id = i.id and l.store_id = ${storeId}
		left join lv on lv.item_id = i.id
		left join item_pars p on p.item_id = i.id and p.location_id = ${store.location_id}
		where ${like}::text is null or i.name ilike ${like} or i.sku ilike ${like}
		order by i.name, i.sku`;
	return { store_id: store.id, store_name: store.name, location_id: store.location_id, items };
}

/** Items stocked or par'd at a location: the sum over its stores, and each store's level. */
export async function locationInventory(db: Db, me: Identity, locationId: string) {
	if (!inScope(me, locationId)) return { location_id: locationId, items: [] };
	const items = await db`
		with lv as (
			select l.item_id, sum(l.quantity) as quantity,
				json_agg(json_build_object('store_id', s.id, 'store_name', s.name, 'quantity', l.quantity)
					order by s.name) as stores
			from stock_levels l join stores s on s.id = l.store_id
			where s.location_id = ${locationId}
			group by l.item_id
		)
		select i.id as item_id, i.name as item_name, i.sku as item_sku, i.unit,
			coalesce(lv.quantity, 0) as quantity, p.par_level, p.reorder_point,
			coalesce(p.par_level > 0 and coalesce(lv.quantity, 0) <= coalesce(p.reorder_point, p.par_level), false) as low,
			coalesce(lv.stores, '[]'::json) as stores
		from items i
		left join lv on lv.item_id = i.id
		left join item_pars p on p.item_id = i.id and p.location_id = ${locationId}
		where lv.item_id is not null or p.item_id is not null
		order by i.name, i.sku`;
	return { location_id: locationId, items };
}

/** An item's level in every store in the caller's scope (0 where never stocked). */
export async function itemInventory(db: Db, me: Identity, itemId: string) {
	const [item] = await db<{ id: string }[]>`select id from items where id = ${itemId}`;
	if (!item) return undefined;
	const scope = readScope(me);
	const stores = await db`
		select s.id as store_id, s.name as store_name, s.location_id,
			coalesce(l.quantity, 0) as quantity, l.updated_at
		from stores s
		left join stock_levels l on l.store_id = s.id and l.item_id = ${itemId}
		where ${scope === null} or s.location_id = any(${scope ?? []}::uuid[])
		order by s.name, s.id`;
	return { item_id: itemId, stores };
}

export const movementsQuery = z.object({
	limit: z.coerce.number().int().min(1).max(500).default(50),
	// The id of the last movement of the previous page: older movements are returned.
	before: uuid.optional(),
	item_id: uuid.optional(),
	reason: z.enum(ledger.ALL_REASONS).optional()
});

/** The raw ledger of a store, newest first. Undefined when the store is not readable. */
export async function movements(
	db: Db,
	me: Identity,
	storeId: string,
	q: z.output<typeof movementsQuery>
) {
	const scope = readScope(me);
	const [store] = await db`
		select id from stores
		where id = ${storeId} and (${scope === null} or location_id = any(${scope ?? []}::uuid[]))`;
	if (!store) return undefined;
	const rows = await db`
		select m.id, m.store_id, m.item_id, i.name as item_name, i.sku as item_sku, i.unit,
			m.delta, m.quantity_after, m.reason, m.waste_reason, m.note, m.client_id,
			m.actor_id, u.display_name as actor_name, m.actor_role, m.created_at
		from stock_movements m
		join items i on i.id = m.item_id
		left join users u on u.id = m.actor_id
		where m.store_id = ${storeId}
			and (${q.item_id ?? null}::uuid is null or m.item_id = ${q.item_id ?? null})
			and (${q.reason ?? null}::text is null or m.reason = ${q.reason ?? null})
			and (${q.before ?? null}::uuid is null
				or m.seq < (select seq from stock_movements where id = ${q.before ?? null}))
		order by m.seq desc limit ${q.limit}`;
	return {
		movements: rows,
		next_before: rows.length === q.limit ? rows[rows.length - 1].id : null
	};
}

export interface Par {
	item_id: string;
	location_id: string;
	par_level: number;
	reorder_point: number | null;
	updated_at: Date;
}

export async function listPars(db: Db, me: Identity, locationId: string) {
	if (!inScope(me, locationId)) return { location_id: locationId, pars: [] };
	const pars = await db`
		select p.item_id, i.name as item_name, i.sku as item_sku, i.unit, p.location_id,
			p.par_level, p.reorder_point, p.updated_at
		from item_pars p join items i on i.id = p.item_id
		where p.location_id = ${locationId}
		order by i.name, i.sku`;
	return { location_id: locationId, pars };
}

async function checkParTarget(db: Db, locationId: string, itemId: string) {
	const [r] = await db<{ loc: string | null; item: string | null }[]>`
		select (select id from locations where id = ${locationId}) as loc,
			(select id from items where id = ${itemId}) as item`;
	if (!r.loc) throw notFound('Location not found');
	if (!r.item) throw notFound('Item not found');
}

/** Sets (creates or replaces) an item's par and reorder point at a location. */
export function setPar(
	sql: Sql,
	me: Identity,
	locationId: string,
	itemId: string,
	body: z.output<typeof parInput>
): Promise<Par> {
	return sql.begin(async (tx) => {
		await checkParTarget(tx, locationId, itemId);
		const [before] = await tx<Par[]>`
			select item_id, location_id, par_level, reorder_point, updated_at from item_pars
			where location_id = ${locationId} and item_id = ${itemId} for update`;
		const [par] = await tx<Par[]>`
			insert into item_pars (item_id, location_id, par_level, reorder_point)
			values (${itemId}, ${locationId}, ${body.par_level}, ${body.reorder_point})
			on conflict (location_id, item_id) do update
				set par_level = excluded.par_level, reorder_point = excluded.reorder_point,
					updated_at = now()
			returning item_id, location_id, par_level, reorder_point, updated_at`;
		await record(tx, me, {
			action: before ? 'update' : 'create',
			entity: 'item_par',
			entityId: itemId,
			locationId,
			before,
			after: par
		});
		const [rev] = await emit(tx, channels.inventory(locationId), 'stock.par', {
			item_id: par.item_id,
			location_id: par.location_id,
			par_level: par.par_level,
			reorder_point: par.reorder_point
		});
		await stockItems.stamp(tx, locationId, [itemId], rev);
		return par;
	});
}

export function removePar(sql: Sql, me: Identity, locationId: string, itemId: string) {
	return sql.begin(async (tx) => {
		const [before] = await tx<Par[]>`
			delete from item_pars where location_id = ${locationId} and item_id = ${itemId}
			returning item_id, location_id, par_level, reorder_point, updated_at`;
		if (!before) throw notFound('No par for this item at this location');
		await record(tx, me, {
			action: 'delete',
			entity: 'item_par',
			entityId: itemId,
			locationId,
			before
		});
		const [rev] = await emit(tx, channels.inventory(locationId), 'stock.par', {
			item_id: itemId,
			location_id: locationId,
			par_level: null,
			reorder_point: null
		});
		await stockItems.stamp(tx, locationId, [itemId], rev);
	});
}
