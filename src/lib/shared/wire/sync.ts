// Wire types of the sync endpoints (`/api/v1/sync/{collection}/pull|push`, issue 12) and the
// documents they carry. The browser's RxDB schemas mirror these; the server builds them.
//
// `{collection}` is `<name>-v<version>` (e.g. `count_lines-v1`): a client built against an older
// document version gets 426 and reloads the app instead of pushing documents the server no
// longer reads.
import type { PrepState } from './kitchen';
import type { MenuFacts } from '../live-menu';

/** Current document version of each synced collection. */
export const SYNC_VERSIONS = {
	count_sessions: 1,
	count_lines: 1,
	kitchen_actions: 1,
	stock_buckets: 1,
	live_menus: 1
} as const;
export type SyncCollection = keyof typeof SYNC_VERSIONS;

export const syncPath = (c: SyncCollection, op: 'pull' | 'push') =>
	`/api/v1/sync/${c}-v${SYNC_VERSIONS[c]}/${op}`;

/**
 * A document as the server sends it, made fit to upsert into the device's RxDB copy: `_deleted`
 * is RxDB's own field there (an upsert carrying it is refused by the schema).
 */
export function toLocal<T extends { _deleted: boolean }>(doc: T): Omit<T, '_deleted'> {
	const { _deleted, ...local } = doc;
	void _deleted;
	return local;
}

/**
 * Pull checkpoint: the last (rev, id) the client holds. `rev` is the inventory:{locationId}
 * outbox counter taken in the writing transaction (commit-ordered; for live_menus the sum of the
 * location's menu and inventory counters), `id` breaks ties among the rows of one transaction. `lost`: the caller lost the location's scope and is being sent
 * tombstones for everything it held.
 */
export interface SyncCheckpoint {
	rev: number;
	id: string;
	lost?: boolean;
}

export interface PullResponse<D> {
	documents: (D | Tombstone)[];
	checkpoint: SyncCheckpoint | null;
	/** On a first pull (no checkpoint) of a collection that says it: how many documents there
	 * are in all, for the first sync's progress bar. */
	total?: number;
}

export interface Tombstone {
	id: string;
	_deleted: true;
}

/** One row of a push: RxDB's `RxReplicationWriteToMasterRow`. */
export interface PushRow<D> {
	assumedMasterState?: D | null;
	newDocumentState: D;
}

/** The item walk of a count, frozen when the count starts. */
export interface CountItem {
	item_id: string;
	name: string;
	unit: string;
	area: string;
	shelf_order: number;
}

export interface CountSessionDoc<Time = string> {
	id: string;
	location_id: string;
	store_id: string;
	store_name: string;
	status: 'open' | 'approved' | 'cancelled';
	items: CountItem[];
	started_by_name: string | null;
	started_at: Time;
	_deleted: boolean;
}

/** What a phone writes: one measurement. */
export interface CountLineInput {
	id: string;
	session_id: string;
	item_id: string;
	/** In the item's unit; 0 is an explicit zero (an item not counted has no line). */
	quantity: number;
	counted_at: string;
	device_id: string;
}

/** What the server answers for a line: the input plus who counted and its fate. */
export interface CountLineDoc extends CountLineInput {
	counter_id: string | null;
	counter_name: string | null;
	status: 'accepted' | 'rejected' | 'pending';
	reject_reason: string | null;
	_deleted: boolean;
}

/**
 * A tap on the kitchen display made without signal (push-only): queued on the device with its
 * own UUID and replayed in order on reconnect. The push answers each one with its outcome.
 */
export interface KitchenActionInput {
	id: string;
	order_id: string;
	/** transition: from → to; serve / unserve: hand a ready ticket off, or bring it back. */
	kind: 'transition' | 'serve' | 'unserve';
	from: PrepState | null;
	to: PrepState | null;
	made_at: string;
	device_id: string;
}

/**
 * What became of a queued tap: applied; already (another screen had made the same change: not
 * applied twice); conflict (the ticket had moved on: not applied, the cook is told); rejected
 * (cannot be applied: the order is gone or the document is malformed).
 */
export type KitchenActionOutcome = 'applied' | 'already' | 'conflict' | 'rejected';

export interface KitchenActionResult {
	id: string;
	order_id: string | null;
	outcome: KitchenActionOutcome;
	message: string | null;
}

/** An item's level in one store of the location. */
export interface StoreLevel<Time = string> {
	store_id: string;
	quantity: number;
	updated_at: Time;
}

/** One catalog item at a location, with its level in each of the location's stores. */
export interface StockItem<Time = string> {
	item_id: string;
	sku: string;
	name: string;
	unit: string;
	category: string | null;
	/** Stores with a level row only (no row: 0). */
	levels: StoreLevel<Time>[];
	/** The sum over the location's stores: what the par and `low` are about. */
	location_quantity: number;
	par_level: number | null;
	reorder_point: number | null;
	low: boolean;
}

/**
 * stock_buckets (pull-only, server-derived): the items of one of 64 buckets of the catalog at
 * one location (the store inventory screen, offline). A bucket comes back whole when any of its
 * items changed; `id` is `<location_id>:<bucket>`.
 */
export interface StockBucketDoc<Time = string> {
	id: string;
	location_id: string;
	bucket: number;
	items: StockItem<Time>[];
	_deleted: boolean;
}

export const stockBucketId = (locationId: string, bucket: number) => `${locationId}:${bucket}`;

/**
 * live_menus (pull-only, server-derived): one document per location, `id` its location id,
 * with what the live menu is made of (dayparts, zone, every placed dish with its 86 and
 * portions). The device resolves the menu live now from it with shared/live-menu.ts, so a screen
 * without signal still switches dayparts at the boundary. It comes back whole when anything in
 * it may have changed.
 */
export interface LiveMenuDoc extends MenuFacts {
	id: string;
	_deleted: boolean;
}
