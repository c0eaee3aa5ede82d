// Predictive 86 (issue 14): the stock side of the live menu. portionsAt() gives the resolver
// (live.ts) how many portions of each placed dish a location's stock covers; stockMoved() is
// called by the ledger for every movement and tells the menu's readers (signage, diners) when
// a dish's shown availability changed (sold out by stock, back, or its "only N left" hint).
// The rules themselves are pure, in shared/portions.ts.
//
// The notice is a menu:changed event (entity 'stock') sent just after the movement commits,
// in a transaction of its own: inside the movement's transaction it would lock the menu and
// every open table session's channel behind the kitchen and inventory channels that
// transaction already holds, the reverse of the order an 86 takes them in (a deadlock). A
// crash in between loses only the push; the screens' safety polls then show it.
import { afterCommit, type Db, type Sql, type Tx } from '../db/index';
import { config } from '../config';
import { emit } from '../events/outbox';
import { availability, availabilityKey, portionsCoverable } from '../../shared/portions';
import { menuChanged } from './notify';

interface ComponentRow {
	kind: 'meal' | 'item';
	id: string;
	item_id: string;
	per_portion: number;
	/** The location's stock of the component (sum of its stores); null: never stocked there. */
	stock: number | null;
}

/**
 * Components and stock of the dishes placed at a location (only those using `itemId`, when
 * given): a meal's components at their buying quantity per portion, an item as itself.
 */
function components(db: Db, locationId: string, itemId: string | null) {
	return db<ComponentRow[]>`
		with stock as (
			select l.item_id, sum(l.quantity) as quantity
			from stock_levels l join stores s on s.id = l.store_id
			where s.location_id = ${locationId}
			group by l.item_id
		), meals as (
			select distinct p.meal_id as id from placements p
			where p.location_id = ${locationId} and p.meal_id is not null
				and (${itemId}::uuid is null
					or p.meal_id in (select meal_id from meal_components where item_id = ${itemId}))
		), items as (
			select distinct p.item_id as id from placements p
			where p.location_id = ${locationId} and p.item_id is not null
				and (${itemId}::uuid is null or p.item_id = ${itemId})
		)
		select 'meal' as kind, c.meal_id as id, c.item_id,
			(c.quantity * 100 / c.yield_pct)::float8 as per_portion, st.quantity as stock
		from meal_components c join meals m on m.id = c.meal_id
		left join stock st on st.item_id = c.item_id
		union all
		select 'item', i.id, i.id, 1::float8, st.quantity
		from items i left join stock st on st.item_id = i.id`.execute(); // sent now: see stockMoved
}

function portionsOf(rows: ComponentRow[], stockOf = (r: ComponentRow) => r.stock) {
	const by = new Map<string, { per_portion: number; stock: number | null }[]>();
	for (const r of rows) {
		const key = `${r.kind}:${r.id}`;
		const list = by.get(key) ?? [];
		list.push({ per_portion: r.per_portion, stock: stockOf(r) });
		by.set(key, list);
	}
	return new Map([...by].map(([k, cs]) => [k, portionsCoverable(cs)]));
}

/** Portions of each dish placed at the location (`meal:<id>` / `item:<id>`; null: not predicted). */
export async function portionsAt(db: Db, locationId: string): Promise<Map<string, number | null>> {
	return portionsOf(await components(db, locationId, null));
}

/** Threshold of the "only N left" hint. */
export const onlyLeft = () => config.menuOnlyLeft;

// Locations already due a notice from a transaction: one per location however many moves.
const due = new WeakMap<Tx, Set<string>>();

/**
 * Called by the ledger after it moved `delta` of an item in a store of the location, in the
 * movement's transaction (which sees the new level). Sends one menu:changed after commit when
 * what a placed dish shows changed.
 *
 * Its one read is sent before this returns a promise, so a caller may start it right behind
 * the movement's stock.level emit without awaiting that: Postgres runs it after the emit has
 * the location's counter row, so it sees every earlier movement of the location (committed
 * before that lock was granted; later ones wait behind it) and `before` = stock − delta is
 * exact, with no round trip of its own while the lock is held.
 */
export async function stockMoved(tx: Tx, locationId: string, itemId: string, delta: number) {
	const seen = due.get(tx);
	if (seen?.has(locationId)) return;
	const rows = await components(tx, locationId, itemId);
	if (rows.length === 0) return;
	const after = portionsOf(rows);
	const before = portionsOf(rows, (r) =>
		r.item_id === itemId && r.stock !== null ? r.stock - delta : r.stock
	);
	const t = onlyLeft();
	const key = (p: number | null | undefined) => availabilityKey(availability(false, p ?? null, t));
	const changed = [...after].some(([k, p]) => key(p) !== key(before.get(k)));
	if (!changed) return;
	if (seen) seen.add(locationId);
	else due.set(tx, new Set([locationId]));
	const change = { location_id: locationId, entity: 'stock' as const, id: itemId };
	if (!afterCommit(tx, (pool) => void notify(pool, change))) await announce(tx, change);
}

type StockChange = { location_id: string; entity: 'stock'; id: string };

async function announce(tx: Tx, c: StockChange) {
	for (const e of await menuChanged(tx, [{ ...c, change: 'updated' }])) {
		await emit(tx, e.to, e.type, e.payload);
	}
}

async function notify(pool: Sql, c: StockChange) {
	try {
		await pool.begin((tx) => announce(tx, c));
	} catch (e) {
		// The screens' safety polls show it a little later; nothing else depends on this push.
		console.warn('menus: stock notice not sent:', (e as Error).message);
	}
}
