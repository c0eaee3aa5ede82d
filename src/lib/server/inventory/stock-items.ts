// The `stock_items` sync collection (issue 12): one pull-only document per catalog item and
// location, derived by the server (levels per store, the location's sum, par, low), so the store
// inventory screen opens from the device's copy in a walk-in without signal.
//
// Each document's rev lives in stock_item_revs and is stamped by the transaction that changed
// it, with the seq of the inventory:{locationId} outbox counter that transaction took (locked
// until commit, so revs are commit-ordered per location; tests/integration/sync-race.test.ts):
//   - ledger.move (a level), stock.setPar/removePar (a par): stamp() with their event's seq;
//   - items.create/update/remove (the catalog is install-wide): touchItems(), one stock.item
//     event per location;
//   - locations.create: seedLocation(), every item at rev 0 (no device holds a checkpoint of a
//     location that did not exist).
// A deleted item keeps its rev row and is pulled as a tombstone.
import type { Db, Tx } from '../db/index';
import type { Identity } from '../auth/identity';
import { emit } from '../events/outbox';
import { channels } from '../../shared/channels';
import type { StockItemEvent } from '../../shared/events';
import { stockItemId, type StockItemDoc, type SyncCheckpoint } from '../../shared/wire/sync';
import { page, pullMode } from '../sync/pages';

/**
 * Item writers and location creation take this first: a location created while an item is
 * created would otherwise miss it (neither transaction sees the other's row).
 */
async function catalogLock(tx: Tx) {
	await tx`select pg_advisory_xact_lock(hashtext('preptable.stock_item_revs'))`;
}

/** Sets the rev of items at a location: call with the seq the transaction's emit returned. */
export async function stamp(tx: Tx, locationId: string, itemIds: readonly string[], rev: number) {
	await tx`
		insert into stock_item_revs (location_id, item_id, rev)
		select ${locationId}, unnest(${itemIds as string[]}::uuid[]), ${rev}
		on conflict (location_id, item_id) do update set rev = excluded.rev`;
}

/**
 * stamp() with the seq of the transaction's latest emit on the location's inventory channel,
 * read from the channel's counter row (which that emit holds locked until commit), so it can be
 * sent right behind the emit without waiting for its answer (ledger.move does: one round trip
 * less while the location's writes queue on that row). Sent at once; answers the revs stamped.
 */
export async function stampAtHead(
	tx: Tx,
	locationId: string,
	itemIds: readonly string[]
): Promise<number[]> {
	const rows = await tx<{ rev: number }[]>`
		insert into stock_item_revs (location_id, item_id, rev)
		select ${locationId}, unnest(${itemIds as string[]}::uuid[]), c.last_seq
		from event_channels c where c.channel = ${channels.inventory(locationId)}
		on conflict (location_id, item_id) do update set rev = excluded.rev
		returning rev`.execute();
	return rows.map((r) => r.rev);
}

/**
 * Items were created, changed or deleted: every location's document of them changes. Call after
 * the items' rows are locked or written (the ledger's lock order: the item, then counters).
 */
export async function touchItems(
	tx: Tx,
	itemIds: readonly string[],
	change: StockItemEvent['change']
) {
	if (itemIds.length === 0) return;
	await catalogLock(tx);
	const locations = (await tx<{ id: string }[]>`select id from locations order by id`).map(
		(l) => l.id
	);
	if (locations.length === 0) return;
	const seqs = await emit(tx, locations.map(channels.inventory), 'stock.item', {
		item_ids: [...itemIds],
		change
	});
	await tx`
		insert into stock_item_revs (location_id, item_id, rev)
		select l.id, i.id, l.rev
		from unnest(${locations}::uuid[], ${seqs}::bigint[]) as l (id, rev),
			unnest(${itemIds as string[]}::uuid[]) as i (id)
		on conflict (location_id, item_id) do update set rev = excluded.rev`;
}

/** A new location: every item's document exists, at rev 0. */
export async function seedLocation(tx: Tx, locationId: string) {
	await catalogLock(tx);
	await tx`
		insert into stock_item_revs (location_id, item_id, rev)
		select ${locationId}, id, 0 from items
		on conflict (location_id, item_id) do nothing`;
}

/**
 * The documents of a location after the checkpoint, in (rev, item_id) order. The first page
 * (no checkpoint) also says how many there are, for the first sync's progress bar.
 */
export async function pull(
	db: Db,
	me: Identity,
	locationId: string,
	cp: SyncCheckpoint | null,
	limit: number
) {
	const mode = pullMode(me, locationId, cp);
	if (!mode) return { documents: [], checkpoint: cp };
	// Two statements, not one: postgres.js prepares its statements and after five runs Postgres
	// may switch to a generic plan, which for the joined page (row comparison, limit, the
	// levels' aggregate) was 30 times slower here. The page is a plain range of the
	// (location_id, rev, item_id) index; the documents are lookups by those item ids.
	const revs = await db<{ item_id: string; rev: number }[]>`
		select item_id, rev from stock_item_revs
		where location_id = ${locationId}
			and (rev, item_id) > (${mode.from.rev}::bigint, ${mode.from.id}::uuid)
		order by rev, item_id limit ${limit}`;
	if (revs.length === 0) return withTotal({ documents: [], checkpoint: cp });
	const ids = revs.map((r) => r.item_id);
	const found = await db<Omit<StockItemDoc<Date>, 'id'>[]>`
		with lv as (
			select l.item_id,
				json_agg(json_build_object('store_id', l.store_id, 'quantity', l.quantity,
					'updated_at', l.updated_at) order by l.store_id) as levels,
				sum(l.quantity) as quantity
			from stock_levels l join stores s on s.id = l.store_id
			where s.location_id = ${locationId} and l.item_id = any(${ids}::uuid[])
			group by l.item_id
		)
		select i.id as item_id, ${locationId}::uuid as location_id, i.sku, i.name, i.unit,
			i.category, coalesce(lv.levels, '[]'::json) as levels,
			coalesce(lv.quantity, 0) as location_quantity, p.par_level, p.reorder_point,
			coalesce(p.par_level > 0 and coalesce(lv.quantity, 0) <= coalesce(p.reorder_point, p.par_level), false) as low
		from items i
		left join lv on lv.item_id = i.id
		left join item_pars p on p.item_id = i.id and p.location_id = ${locationId}
		where i.id = any(${ids}::uuid[])`;
	const byId = new Map(found.map((d) => [d.item_id, d]));
	// In page order; an item no longer in the catalog is a tombstone.
	const rows = revs.map(({ item_id, rev }) => {
		const d = byId.get(item_id);
		return d
			? { ...d, rev, _deleted: false }
			: {
					item_id,
					location_id: locationId,
					rev,
					sku: '',
					name: '',
					unit: '',
					category: null,
					levels: [],
					location_quantity: 0,
					par_level: null,
					reorder_point: null,
					low: false,
					_deleted: true
				};
	});
	const docs = rows.map((d) => ({
		...d,
		id: stockItemId(d.item_id, locationId),
		// json_agg leaves numeric quantities as JSON numbers already; keep them numbers.
		levels: d.levels.map((l) => ({ ...l, quantity: Number(l.quantity) }))
	}));
	return withTotal(page(docs, mode, cp, (d) => d.item_id));

	/** The first page (no checkpoint) says how many documents there are in all. */
	async function withTotal<P extends { documents: unknown[]; checkpoint: SyncCheckpoint | null }>(
		p: P
	): Promise<P & { total?: number }> {
		if (cp || mode!.tombstones) return p;
		const [{ n }] = await db<{ n: number }[]>`
			select count(*)::int as n from stock_item_revs where location_id = ${locationId}`;
		return { ...p, total: n };
	}
}
