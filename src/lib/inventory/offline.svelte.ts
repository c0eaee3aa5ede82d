/* eslint-disable svelte/prefer-svelte-reactivity -- the Map and Date here are local values,
   built and read in one call, never rendered or mutated after. */
// A store's inventory in the walk-in (issue 12). The levels come from the device's copy of the
// location's `stock_buckets` (RxDB on IndexedDB, pulled and kept current by the leader tab's
// replication; RxDB arrives by dynamic import, this screen only), so the screen opens without
// signal and shows the first sync's progress on a new device. Waste entered there is kept on
// the device the moment it is entered (localStorage: synchronous, survives a reload, a closed
// tab and a locked phone) and sent in order when the network is back. Each entry carries its
// client id, which the ledger writes once, so an entry whose answer was lost is not wasted twice.
import { api } from '$lib/client/http';
import { readStored, store } from '$lib/client/stored';
import { noAnswer } from '$lib/client/offline/locations';
import { Reachability } from '$lib/client/offline/reachability.svelte';
import type { LocalStockBucket, OfflineDb } from '$lib/client/offline/db';
import type { SyncStatus } from '$lib/client/offline/sync.svelte';
import type { InventoryLine, Store } from './types';

export interface QueuedWaste {
	client_id: string;
	store_id: string;
	item_id: string;
	item_name: string;
	unit: string;
	quantity: number;
	waste_reason: string;
	made_at: string;
}

const STORES = 'preptable:stores';
// One collator (localeCompare builds one per call: slow over thousands of items).
const byName = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
const QUEUE = 'preptable:inventory:waste-queue';

export class InventoryOffline {
	queue = $state<QueuedWaste[]>([]);
	/** What the server refused when the queue went out (e.g. more than was on hand). */
	refused = $state<string[]>([]);
	/** The device's copy of the open location's items (all its stores), in buckets. */
	docs = $state<LocalStockBucket[]>([]);
	sync = $state<SyncStatus | null>(null);
	/** The open location's copy has been read from IndexedDB (it may still be empty). */
	loaded = $state(false);
	readonly reach: Reachability;
	private sending: Promise<void> | null = null;
	private db: OfflineDb | null = null;
	private docsSub: { unsubscribe(): void } | null = null;

	constructor(
		/** Reloads the screen's lists from the server (after the queue went out). */
		private reload: () => Promise<void>
	) {
		this.reach = new Reachability('preptable.inventory.offline-since', () => this.retry());
	}

	start() {
		this.queue = readStored<QueuedWaste[]>(QUEUE) ?? [];
		this.reach.start();
		if (this.queue.length && navigator.onLine) void this.retry();
	}

	stop() {
		this.reach.stop();
		this.docsSub?.unsubscribe();
		void this.sync?.stop();
	}

	waiting(storeId: string) {
		return this.queue.filter((q) => q.store_id === storeId).length;
	}

	async stores(): Promise<Store[]> {
		try {
			const list = await api<Store[]>('GET', '/api/v1/stores');
			store(STORES, list);
			this.reach.ok();
			return list;
		} catch (e) {
			const saved = readStored<Store[]>(STORES);
			if (!noAnswer(e) || !saved) throw e;
			this.reach.failed();
			return saved;
		}
	}

	/** Opens (or keeps) the device's copy of a location and its replication. */
	async open(locationId: string) {
		if (this.sync?.locationId === locationId) return;
		const [{ openOfflineDb }, { SyncStatus }] = await Promise.all([
			import('$lib/client/offline/db'),
			import('$lib/client/offline/sync.svelte')
		]);
		this.db ??= await openOfflineDb();
		this.docsSub?.unsubscribe();
		await this.sync?.stop();
		this.loaded = false;
		this.docs = [];
		const sync = new SyncStatus(this.db, locationId);
		this.sync = sync;
		await sync.start();
		// A new device's first sync writes thousands of documents: a live query meanwhile would
		// recompute the list on every write (seconds of main thread); the progress bar shows it.
		// (A tab that is not the leader never pulls itself: it waits a little, then reads.)
		if (sync.firstSync) {
			await Promise.race([sync.firstPull, new Promise((r) => setTimeout(r, 15_000))]);
		}
		if (this.sync !== sync) return;
		this.docsSub = this.db.stock_buckets
			.find({ selector: { location_id: locationId } })
			.$.subscribe((docs) => {
				this.docs = docs.map((d) => d.toJSON() as LocalStockBucket);
				this.loaded = true;
			});
	}

	/** The store's lines from the device's copy, by name, with waiting waste applied. */
	lines(storeId: string): InventoryLine[] {
		const lines = this.docs
			.flatMap((b) => b.items)
			.map((d): InventoryLine => {
				const level = d.levels.find((l) => l.store_id === storeId);
				return {
					item_id: d.item_id,
					item_name: d.name,
					item_sku: d.sku,
					unit: d.unit,
					quantity: level?.quantity ?? 0,
					location_quantity: d.location_quantity,
					par_level: d.par_level,
					reorder_point: d.reorder_point,
					low: d.low,
					updated_at: level?.updated_at ?? null
				};
			});
		lines.sort(
			(a, b) => byName.compare(a.item_name, b.item_name) || byName.compare(a.item_sku, b.item_sku)
		);
		return this.applyQueue(storeId, lines);
	}

	/** Shows waiting waste on the lines (the server's numbers do not have it yet). */
	applyQueue(storeId: string, lines: InventoryLine[]): InventoryLine[] {
		const out = new Map<string, number>();
		for (const q of this.queue) {
			if (q.store_id === storeId) out.set(q.item_id, (out.get(q.item_id) ?? 0) + q.quantity);
		}
		return lines.map((l) =>
			out.has(l.item_id)
				? {
						...l,
						quantity: l.quantity - out.get(l.item_id)!,
						location_quantity: l.location_quantity - out.get(l.item_id)!
					}
				: l
		);
	}

	/** Keeps the entry on the device first, then tries to send it. */
	async waste(entry: Omit<QueuedWaste, 'client_id' | 'made_at'>): Promise<void> {
		const next = [
			...this.queue,
			{ ...entry, client_id: crypto.randomUUID(), made_at: new Date().toISOString() }
		];
		// Not store(), which keeps a cache in memory when the device refuses: an entry this phone
		// cannot keep is refused out loud, before it could be lost with the tab or entered twice.
		try {
			localStorage.setItem(QUEUE, JSON.stringify(next));
		} catch {
			throw new Error('This phone has no room left to keep the entry: it was not recorded');
		}
		this.queue = next;
		if (!this.reach.offlineSince) await this.send();
	}

	private async retry() {
		await this.send();
		this.sync?.resync();
		await this.reload().catch(() => {});
	}

	/** Sends the queue in order; stops at the first entry that gets no answer. */
	send(): Promise<void> {
		this.sending ??= (async () => {
			while (this.queue.length) {
				const q = this.queue[0];
				try {
					await api('POST', `/api/v1/items/${q.item_id}/waste`, {
						store_id: q.store_id,
						quantity: q.quantity,
						waste_reason: q.waste_reason,
						client_id: q.client_id
					});
				} catch (e) {
					if (noAnswer(e)) {
						this.reach.failed();
						return;
					}
					// Refused (e.g. more than was on hand): say so, and let the rest go on.
					this.refused = [
						...this.refused,
						`Waste of ${q.quantity} ${q.unit} ${q.item_name} not recorded: ${(e as Error).message}`
					];
				}
				this.queue = this.queue.slice(1);
				localStorage.setItem(QUEUE, JSON.stringify(this.queue));
				this.reach.ok();
			}
		})().finally(() => (this.sending = null));
		return this.sending;
	}
}
