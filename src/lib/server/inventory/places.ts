// Where items sit in a store (store_item_places): the walk of its inventory counts — areas by
// area_order, shelves by shelf_order within the area, then what is stocked there without a
// place, under "Other" (counts/counts.ts start()). Routes are additions to the reference
// (inventory/routes.ts): everyone who can read the store reads the walk; its managers change
// it, one item at a time or the whole walk at once (the "Shelf order" screen's Save).
//
// Scope is in the WHERE: a store outside the caller's campuses is not found (404), like every
// other store route's read. Each write locks the store row (FOR NO KEY UPDATE: two saves of
// one walk apply one after the other, and a count started meanwhile sees the walk before or
// after, never half of it; stock movements' foreign keys are not blocked), audits the change
// and emits `stock.place` on the location's inventory channel in the same transaction.
import { z } from 'zod';
import { atomic, type Db, type Tx } from '../db/index';
import type { Identity } from '../auth/identity';
import { readScope } from '../auth/guard';
import { recordChange } from '../audit/log';
import { badRequest, notFound } from '../http/errors';
import { uuid } from '../http/request';
import { channels } from '../../shared/channels';
import type { StorePlace, StorePlaces, UnplacedItem } from '../../shared/wire/inventory';

/** Areas and shelves a walk may hold: far more than any store has, small enough to be safe. */
export const MAX_ORDER = 100_000;
export const MAX_WALK = 5_000;

const area = z
	.string({ message: 'must be text' })
	.trim()
	.min(1, 'must not be empty')
	.max(60, 'at most 60 characters');
const order = z
	.number({ message: 'must be a number' })
	.int('must be a whole number')
	.min(0, 'must not be negative')
	.max(MAX_ORDER, `at most ${MAX_ORDER}`);

/**
 * PUT …/places/{itemID}. `area_order` is the area's position in the walk (setting it moves the
 * whole area; default: the area's present position, or after the last area for a new one);
 * `shelf_order` is the item's position in its area (default: where it is if it stays in its
 * area, else after the area's last shelf).
 */
export const placeInput = z.strictObject({
	area,
	area_order: order.optional(),
	shelf_order: order.optional()
});

/**
 * PUT …/places: the whole walk in order. Areas are walked in the order they first appear,
 * shelves in their order within the area; items of the store not listed lose their place.
 */
export const walkInput = z.strictObject({
	places: z
		.array(z.strictObject({ item_id: uuid, area }), { message: 'must be a list' })
		.max(MAX_WALK, `at most ${MAX_WALK} items`)
		.superRefine((list, ctx) => {
			const seen = new Set<string>();
			list.forEach((p, i) => {
				if (seen.has(p.item_id))
					ctx.addIssue({ code: 'custom', path: [i, 'item_id'], message: 'listed twice' });
				seen.add(p.item_id);
			});
		})
});

interface Row {
	item_id: string;
	area: string;
	area_order: number;
	shelf_order: number;
}

const same = (a: Row, b: Row) =>
	a.area === b.area && a.area_order === b.area_order && a.shelf_order === b.shelf_order;

/** The store if the caller may read it (undefined: unknown or outside their campuses). */
async function readable(db: Db, me: Identity, storeId: string) {
	const scope = readScope(me);
	const [s] = await db<{ id: string; name: string; location_id: string }[]>`
		select id, name, location_id from stores
		where id = ${storeId} and (${scope === null} or location_id = any(${scope ?? []}::uuid[]))`;
	return s;
}

/** The store, locked for a change of its walk; 404 when unknown or outside the caller's scope. */
async function lockStore(tx: Tx, me: Identity, storeId: string) {
	const scope = readScope(me);
	const [s] = await tx<{ id: string; name: string; location_id: string }[]>`
		select id, name, location_id from stores
		where id = ${storeId} and (${scope === null} or location_id = any(${scope ?? []}::uuid[]))
		for no key update`;
	if (!s) throw notFound('Store not found');
	return s;
}

async function rows(db: Db, storeId: string): Promise<Row[]> {
	return db<Row[]>`
		select item_id, area, area_order, shelf_order from store_item_places
		where store_id = ${storeId}
		order by area_order, area, shelf_order, item_id`;
}

async function walk(
	db: Db,
	store: { id: string; name: string; location_id: string }
): Promise<StorePlaces> {
	// The order a count walks them (counts.ts start()): areas, shelves, then the item's name.
	const places = await db<StorePlace[]>`
		select p.item_id, i.name as item_name, i.sku as item_sku, i.unit,
			p.area, p.area_order, p.shelf_order
		from store_item_places p join items i on i.id = p.item_id
		where p.store_id = ${store.id}
		order by p.area_order, p.area, p.shelf_order, i.name, i.id`;
	const unplaced = await db<UnplacedItem[]>`
		select i.id as item_id, i.name as item_name, i.sku as item_sku, i.unit
		from stock_levels l join items i on i.id = l.item_id
		where l.store_id = ${store.id}
			and not exists (select 1 from store_item_places p
				where p.store_id = ${store.id} and p.item_id = l.item_id)
		order by i.name, i.id`;
	return {
		store_id: store.id,
		store_name: store.name,
		location_id: store.location_id,
		places,
		unplaced
	};
}

/** The walk of a store, or undefined when the caller may not read the store. */
export async function list(db: Db, me: Identity, storeId: string) {
	const store = await readable(db, me, storeId);
	return store ? walk(db, store) : undefined;
}

async function record(
	tx: Tx,
	me: Identity,
	store: { id: string; location_id: string },
	entry: { action: string; entity: string; entityId: string; before?: unknown; after?: unknown },
	itemIds: string[]
) {
	await recordChange(
		tx,
		me,
		{ ...entry, locationId: store.location_id },
		{
			to: channels.inventory(store.location_id),
			type: 'stock.place',
			payload: { store_id: store.id, item_ids: itemIds }
		}
	);
}

/** Places one item (or moves it): answers its place. */
export function setPlace(
	sql: Db,
	me: Identity,
	storeId: string,
	itemId: string,
	body: z.output<typeof placeInput>
): Promise<StorePlace> {
	return atomic(sql, async (tx) => {
		const store = await lockStore(tx, me, storeId);
		const [item] = await tx<{ name: string }[]>`select name from items where id = ${itemId}`;
		if (!item) throw notFound('Item not found');
		const all = await rows(tx, storeId);
		const before = all.find((r) => r.item_id === itemId);
		const inArea = all.filter((r) => r.area === body.area && r.item_id !== itemId);
		const areaOrder =
			body.area_order ??
			(before?.area === body.area
				? before.area_order
				: inArea.length
					? Math.min(...inArea.map((r) => r.area_order))
					: all.length
						? Math.min(MAX_ORDER, Math.max(...all.map((r) => r.area_order)) + 1)
						: 0);
		const shelfOrder =
			body.shelf_order ??
			(before?.area === body.area
				? before.shelf_order
				: inArea.length
					? Math.min(MAX_ORDER, Math.max(...inArea.map((r) => r.shelf_order)) + 1)
					: 0);
		const after: Row = {
			item_id: itemId,
			area: body.area,
			area_order: areaOrder,
			shelf_order: shelfOrder
		};
		// The area's position is the area's: every item of it moves with it.
		const moved = inArea.filter((r) => r.area_order !== areaOrder);
		if (before && same(before, after) && moved.length === 0) {
			return (await walk(tx, store)).places.find((p) => p.item_id === itemId)!;
		}
		await tx`
			insert into store_item_places (store_id, item_id, area, area_order, shelf_order)
			values (${storeId}, ${itemId}, ${after.area}, ${after.area_order}, ${after.shelf_order})
			on conflict (store_id, item_id) do update
				set area = excluded.area, area_order = excluded.area_order,
					shelf_order = excluded.shelf_order`;
		if (moved.length)
			await tx`
				update store_item_places set area_order = ${areaOrder}
				where store_id = ${storeId} and area = ${body.area} and item_id <> ${itemId}`;
		await record(
			tx,
			me,
			store,
			{
				action: before ? 'update' : 'create',
				entity: 'store_item_place',
				entityId: itemId,
				before: before ? { store_id: storeId, ...before } : undefined,
				after: {
					store_id: storeId,
					...after,
					...(moved.length ? { area_moved: moved.map((r) => r.item_id) } : {})
				}
			},
			[itemId, ...moved.map((r) => r.item_id)]
		);
		return (await walk(tx, store)).places.find((p) => p.item_id === itemId)!;
	});
}

/** Takes an item out of the walk (a stocked item is still counted, last, under "Other"). */
export function removePlace(sql: Db, me: Identity, storeId: string, itemId: string) {
	return atomic(sql, async (tx) => {
		const store = await lockStore(tx, me, storeId);
		const [before] = await tx<Row[]>`
			delete from store_item_places where store_id = ${storeId} and item_id = ${itemId}
			returning item_id, area, area_order, shelf_order`;
		if (!before) throw notFound('This item has no place in this store');
		await record(
			tx,
			me,
			store,
			{
				action: 'delete',
				entity: 'store_item_place',
				entityId: itemId,
				before: { store_id: storeId, ...before }
			},
			[itemId]
		);
	});
}

/**
 * Replaces the whole walk of a store in one transaction: area_order is the area's first
 * appearance, shelf_order the position within its area; items not listed lose their place.
 * Answers the walk as it now is. Nothing changed: nothing is written, audited or emitted.
 */
export function setWalk(
	sql: Db,
	me: Identity,
	storeId: string,
	body: z.output<typeof walkInput>
): Promise<StorePlaces> {
	return atomic(sql, async (tx) => {
		const store = await lockStore(tx, me, storeId);
		const ids = body.places.map((p) => p.item_id);
		if (ids.length) {
			const known = new Set(
				(await tx<{ id: string }[]>`select id from items where id = any(${ids}::uuid[])`).map(
					(r) => r.id
				)
			);
			const missing = ids.findIndex((id) => !known.has(id));
			if (missing >= 0) throw badRequest(`places.${missing}.item_id: no such item`);
		}
		const areas = new Map<string, number>();
		const shelves = new Map<string, number>();
		const next: Row[] = body.places.map((p) => {
			if (!areas.has(p.area)) areas.set(p.area, areas.size);
			const shelf = shelves.get(p.area) ?? 0;
			shelves.set(p.area, shelf + 1);
			return {
				item_id: p.item_id,
				area: p.area,
				area_order: areas.get(p.area)!,
				shelf_order: shelf
			};
		});
		const current = await rows(tx, storeId);
		const was = new Map(current.map((r) => [r.item_id, r]));
		const listed = new Set(ids);
		const changed = next.filter((r) => !was.has(r.item_id) || !same(was.get(r.item_id)!, r));
		const removed = current.filter((r) => !listed.has(r.item_id));
		if (changed.length === 0 && removed.length === 0) return walk(tx, store);
		if (removed.length)
			await tx`
				delete from store_item_places
				where store_id = ${storeId} and item_id = any(${removed.map((r) => r.item_id)}::uuid[])`;
		if (changed.length)
			await tx`
				insert into store_item_places (store_id, item_id, area, area_order, shelf_order)
				select ${storeId}::uuid, x.item_id, x.area, x.area_order, x.shelf_order
				from unnest(${changed.map((r) => r.item_id)}::uuid[], ${changed.map((r) => r.area)}::text[],
					${changed.map((r) => r.area_order)}::int[], ${changed.map((r) => r.shelf_order)}::int[])
					as x (item_id, area, area_order, shelf_order)
				on conflict (store_id, item_id) do update
					set area = excluded.area, area_order = excluded.area_order,
						shelf_order = excluded.shelf_order`;
		await record(
			tx,
			me,
			store,
			{
				action: 'update',
				entity: 'store_walk',
				entityId: storeId,
				before: { places: current },
				after: { places: next }
			},
			[...changed.map((r) => r.item_id), ...removed.map((r) => r.item_id)]
		);
		return walk(tx, store);
	});
}
