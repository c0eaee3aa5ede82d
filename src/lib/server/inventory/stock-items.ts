// The `stock_buckets` sync collection (issue 12): the catalog's items at a location, derived by
// the server (levels per store, the location's sum, par, low), pulled in buckets of ~1/64 of
// the catalog, so the store inventory screen opens from the device's copy in a walk-in without
// signal.
//
// Each item's rev lives in stock_item_revs and is stamped by the transaction that changed
// it, with the seq of the inventory:{locationId} outbox counter that transaction took (locked
// until commit, so revs are commit-ordered per location; tests/integration/sync-race.test.ts):
//   - ledger.move (a level): stampAtHead(); stock.setPar/removePar (a par): stamp() with the
//     seq of their event;
//   - items.create/update/remove (the catalog is install-wide): touchItems(), one stock.item
//     event per location;
//   - locations.create: seedLocation(), every item at rev 0 (no device holds a checkpoint of a
//     location that did not exist).
// A deleted item keeps its rev row (its bucket comes back without it).
import type { Db, Tx } from '../db/index';
import type { Identity } from '../auth/identity';
import { emit } from '../events/outbox';
import { channels } from '../../shared/channels';
import type { StockItemEvent } from '../../shared/events';
import { stockBucketId, type StockItem, type SyncCheckpoint } from '../../shared/wire/sync';
import { NIL, page, pullMode } from '../sync/pages';

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

/** An item's bucket (0–63) from its UUID's first byte: a stable, even spread. */
const BUCKET = `(('x' || left(item_id::text, 2))::bit(8)::int >> 2)`;

/** The checkpoint id of a bucket (a UUID, as the checkpoint's id is): …-0000000000NN. */
export const bucketKey = (bucket: number) =>
	`00000000-0000-4000-8000-0000000000${bucket.toString(16).padStart(2, '0')}`;
const bucketOf = (key: string) => (key === NIL ? -1 : parseInt(key.slice(-2), 16));

/**
 * The documents of a location after the checkpoint: buckets of ~1/64 of the catalog, each with
 * its items, in (rev, bucket) order where a bucket's rev is the highest of its items' revs.
 * Revs are commit-ordered per location, so a bucket changed after the checkpoint always has a
 * rev above it and comes back whole. Buckets, not one document per item: a device's first sync
 * writes ~130 IndexedDB documents instead of two per item (bench:sync: 5,000 items took 6 s
 * through RxDB as single documents). The first page (no checkpoint) says how many there are.
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
	// Three plain statements, not one joined query: postgres.js prepares statements and after
	// five runs Postgres may switch to a generic plan, which for a joined page (limit, the
	// levels' aggregate) was 30 times slower here.
	const buckets = await db.unsafe<{ bucket: number; rev: number }[]>(
		`select ${BUCKET} as bucket, max(rev) as rev from stock_item_revs
		where location_id = $1 group by 1
		having (max(rev), ${BUCKET}) > ($2::bigint, $3::int)
		order by 2, 1 limit $4`,
		[locationId, mode.from.rev, bucketOf(mode.from.id), limit]
	);
	if (buckets.length === 0) return withTotal({ documents: [], checkpoint: cp });
	const docs = mode.tombstones
		? buckets.map((b) => ({ ...empty(b), _deleted: true }))
		: await fill(db, locationId, buckets);
	return withTotal(page(docs, mode, cp, (d) => bucketKey(d.bucket)));

	function empty(b: { bucket: number; rev: number }) {
		return {
			id: stockBucketId(locationId, b.bucket),
			location_id: locationId,
			bucket: b.bucket,
			rev: b.rev,
			items: [] as StockItem<Date>[],
			_deleted: false
		};
	}

	/** The first page (no checkpoint) says how many documents there are in all. */
	async function withTotal<P extends { documents: unknown[]; checkpoint: SyncCheckpoint | null }>(
		p: P
	): Promise<P & { total?: number }> {
		if (cp || mode!.tombstones) return p;
		const [{ n }] = await db.unsafe<{ n: number }[]>(
			`select count(distinct ${BUCKET})::int as n from stock_item_revs where location_id = $1`,
			[locationId]
		);
		return { ...p, total: n };
	}

	/** Each bucket with its catalog items (a deleted item is simply no longer in it). */
	async function fill(db: Db, locationId: string, page: { bucket: number; rev: number }[]) {
		const members = await db.unsafe<{ item_id: string; bucket: number }[]>(
			`select item_id, ${BUCKET} as bucket from stock_item_revs
			where location_id = $1 and ${BUCKET} = any($2::int[])`,
			[locationId, page.map((b) => b.bucket)]
		);
		const ids = members.map((m) => m.item_id);
		const found = await db<StockItem<Date>[]>`
			with lv as (
				select l.item_id,
					json_agg(json_build_object('store_id', l.store_id, 'quantity', l.quantity,
						'updated_at', l.updated_at) order by l.store_id) as levels,
					sum(l.quantity) as quantity
				from stock_levels l join stores s on s.id = l.store_id
				where s.location_id = ${locationId} and l.item_id = any(${ids}::uuid[])
				group by l.item_id
			)
			select i.id as item_id, i.sku, i.name, i.unit, i.category,
				coalesce(lv.levels, '[]'::json) as levels,
				coalesce(lv.quantity, 0) as location_quantity, p.par_level, p.reorder_point,
				coalesce(p.par_level > 0 and coalesce(lv.quantity, 0) <= coalesce(p.reorder_point, p.par_level), false) as low
			from items i
			left join lv on lv.item_id = i.id
			left join item_pars p on p.item_id = i.id and p.location_id = ${locationId}
			where i.id = any(${ids}::uuid[])
			order by i.id`;
		const bucketOfItem = new Map(members.map((m) => [m.item_id, m.bucket]));
		const out = new Map(page.map((b) => [b.bucket, empty(b)]));
		for (const it of found) {
			out.get(bucketOfItem.get(it.item_id)!)!.items.push({
				...it,
				// json_agg leaves numeric quantities as JSON numbers already; keep them numbers.
				levels: it.levels.map((l) => ({ ...l, quantity: Number(l.quantity) }))
			});
		}
		return [...out.values()];
	}
}
