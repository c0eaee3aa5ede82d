/* eslint-disable svelte/prefer-svelte-reactivity -- every Date, Map, Set and URLSearchParams here
   is built once and assigned whole (or never rendered); none is mutated in place. */
// State of the count screen: the open count of a store and its lines, read from the device's
// RxDB (IndexedDB) so it opens and works without signal; each line is written to IndexedDB the
// moment it is entered and pushed by the leader tab's replication when there is a network. A
// manager may start a count without signal too.
// RxDB arrives by dynamic import (this route only).
import { api, NETWORK_ERROR } from '$lib/client/http';
import { session, type SignedIn } from '$lib/session.svelte';
import type { LocalLine, LocalSession, OfflineDb } from '$lib/client/offline/db';
import type { SyncStatus } from '$lib/client/offline/sync.svelte';
import { mergeLines, offlineWalk, progress, withAdded, type ItemMerge } from '$lib/shared/counts';
import type { StorePlaces } from '$lib/shared/wire/inventory';
import {
	toLocal,
	type CountItem,
	type CountSessionDoc,
	type StockItem
} from '$lib/shared/wire/sync';
import type { Store } from '$lib/inventory/types';
import { lastWalk, saveWalk } from '$lib/inventory/walk-cache';

const STORE_CACHE = (id: string) => `preptable.store.${id}`;
const ME_CACHE = 'preptable.me';

export interface Area {
	area: string;
	items: CountItem[];
	total: number;
	counted: number;
	percent: number;
}

export class CountScreen {
	store = $state<Store | null>(null);
	me = $state<SignedIn | null>(null);
	count = $state<LocalSession | null>(null);
	lines = $state<LocalLine[]>([]);
	sync = $state<SyncStatus | null>(null);
	ready = $state(false);
	error = $state('');
	notice = $state('');
	busy = $state(false);
	/** The catalog as this device holds it (the location's stock documents), by item id. */
	catalog = $state<Map<string, StockItem>>(new Map());
	/** Items found on a shelf outside the walk, picked here and not counted yet. */
	picked = $state<string[]>([]);
	/** What "Not on the list?" searches for. */
	find = $state('');

	private db: OfflineDb | null = null;
	private device = '';
	private subs: { unsubscribe(): void }[] = [];
	private linesSub: { unsubscribe(): void } | null = null;

	/** Accepted and waiting lines (a rejected line counts for nothing). */
	readonly live = $derived(this.lines.filter((l) => l.status !== 'rejected'));
	readonly merged = $derived(mergeLines(this.live) as Map<string, ItemMerge<LocalLine>>);
	/**
	 * The walk as this phone shows it: the count's, then the items counted or picked outside it
	 * (the server appends them the same way when their lines reach it).
	 */
	readonly walk = $derived(
		withAdded(
			this.count?.items ?? [],
			[...this.live.map((l) => l.item_id), ...this.picked],
			this.catalog
		)
	);
	readonly progress = $derived(progress(this.walk, new Set(this.live.map((l) => l.item_id))));
	/** The catalog by name with its folded name and SKU: built when it changes, not per keystroke. */
	private readonly searchable = $derived(
		[...this.catalog.values()]
			.sort((a, b) => collator.compare(a.name, b.name))
			.map((it) => ({ it, name: fold(it.name), sku: fold(it.sku) }))
	);
	/** Catalog items outside the walk matching `find` (name or SKU), the first eight. */
	readonly matches = $derived.by((): StockItem[] => {
		const q = fold(this.find.trim());
		if (!q) return [];
		const listed = new Set(this.walk.map((i) => i.item_id));
		const out: StockItem[] = [];
		for (const { it, name, sku } of this.searchable) {
			if (listed.has(it.item_id)) continue;
			if (name.includes(q) || sku.includes(q)) out.push(it);
			if (out.length === 8) break;
		}
		return out;
	});
	readonly areas = $derived.by((): Area[] => {
		const by = new Map<string, CountItem[]>();
		for (const it of this.walk) {
			const list = by.get(it.area);
			if (list) list.push(it);
			else by.set(it.area, [it]);
		}
		return this.progress.areas.map((p) => ({ ...p, items: by.get(p.area) ?? [] }));
	});
	readonly canManage = $derived(this.me?.role === 'manager' || this.me?.role === 'admin');

	async init(storeId: string) {
		try {
			await Promise.all([this.loadMe(), this.loadStore(storeId)]);
			if (!this.store) {
				this.error = 'This store has not been opened on this device yet: connect once to count it.';
				return;
			}
			const [{ openOfflineDb, deviceId }, { SyncStatus }] = await Promise.all([
				import('$lib/client/offline/db'),
				import('$lib/client/offline/sync.svelte')
			]);
			this.db = await openOfflineDb();
			this.device = deviceId();
			const sync = new SyncStatus(this.db, this.store.location_id);
			this.sync = sync;
			await sync.start();
			this.subs.push(
				this.db.stock_buckets
					.find({ selector: { location_id: this.store.location_id } })
					.$.subscribe((docs) => {
						const items = docs.flatMap((d) => d.toJSON().items as StockItem[]);
						this.catalog = new Map(items.map((i) => [i.item_id, i]));
					})
			);
			this.subs.push(
				this.db.count_sessions
					.findOne({ selector: { store_id: storeId, status: 'open' } })
					.$.subscribe((doc) => this.showCount(doc ? (doc.toJSON() as LocalSession) : null))
			);
			this.ready = true;
		} catch (e) {
			this.error = (e as Error).message;
		}
	}

	private async loadMe() {
		const me = await session.load();
		if (me) {
			localStorage.setItem(ME_CACHE, JSON.stringify(me));
			this.me = me;
		} else {
			// Offline: who signed in on this device last (the server still checks every push).
			const cached = localStorage.getItem(ME_CACHE);
			this.me = cached ? (JSON.parse(cached) as SignedIn) : null;
			session.me = this.me;
		}
	}

	private async loadStore(id: string) {
		try {
			this.store = await api<Store>('GET', `/api/v1/stores/${id}`);
			localStorage.setItem(STORE_CACHE(id), JSON.stringify(this.store));
			// The store's walk, for a count started here later without signal.
			void api<StorePlaces>('GET', `/api/v1/stores/${id}/places`).then(
				(p) => saveWalk(id, p),
				() => {}
			);
		} catch (e) {
			const cached = localStorage.getItem(STORE_CACHE(id));
			if (cached) this.store = JSON.parse(cached) as Store;
			else if ((e as { status?: number }).status === 401)
				location.assign('/login?next=' + location.pathname);
		}
	}

	private showCount(doc: LocalSession | null) {
		if (doc?.id === this.count?.id) {
			this.count = doc;
			return;
		}
		this.count = doc;
		this.picked = [];
		this.linesSub?.unsubscribe();
		this.lines = [];
		if (!doc || !this.db) return;
		this.linesSub = this.db.count_lines
			.find({ selector: { session_id: doc.id }, sort: [{ counted_at: 'asc' }] })
			.$.subscribe((docs) => (this.lines = docs.map((d) => d.toJSON() as LocalLine)));
	}

	/** Lists an item found on a shelf outside the walk, to be counted like the others. */
	pick(itemId: string) {
		if (!this.picked.includes(itemId)) this.picked = [...this.picked, itemId];
		this.find = '';
	}

	/** My latest line of an item on this device, if any. */
	mine(itemId: string): LocalLine | undefined {
		let best: LocalLine | undefined;
		for (const l of this.lines) {
			if (l.item_id === itemId && l.device_id === this.device) {
				if (!best || l.counted_at >= best.counted_at) best = l;
			}
		}
		return best;
	}

	/**
	 * Records one measurement. Resolves once it is in IndexedDB (it survives a reload, a closed
	 * tab, a locked phone); the replication pushes it when it can.
	 */
	async record(item: CountItem, quantity: number) {
		if (!this.db || !this.count) return;
		if (!Number.isFinite(quantity) || quantity < 0) {
			this.error = `${item.name}: enter a quantity of zero or more`;
			return;
		}
		this.error = '';
		await this.db.count_lines.insert({
			id: crypto.randomUUID(),
			session_id: this.count.id,
			item_id: item.item_id,
			quantity: Math.round(quantity * 1e4) / 1e4,
			counted_at: new Date().toISOString(),
			device_id: this.device,
			counter_id: this.me?.id ?? null,
			counter_name: this.me?.display_name ?? null,
			status: 'pending',
			reject_reason: null
		});
		this.notice = `${item.name}: ${quantity} ${item.unit} saved on this device`;
	}

	/**
	 * Starts a count (managers). Online the walk arrives with the answer; without signal the
	 * walk comes from what this device holds (offlineWalk) and the count reaches the server, with
	 * its own id and start time, before any of its lines when the network is back.
	 */
	async start() {
		if (!this.store || !this.db || !this.sync) return;
		const store = this.store;
		this.busy = true;
		this.error = '';
		const id = crypto.randomUUID();
		try {
			const doc = await api<CountSessionDoc>('POST', `/api/v1/stores/${store.id}/counts`, { id });
			await this.db.count_sessions.upsert(toLocal(doc));
			this.notice = `Count of ${store.name} started`;
		} catch (e) {
			if ((e as { code?: string }).code !== NETWORK_ERROR) {
				this.error = (e as Error).message;
				return;
			}
			await this.startOffline(id, store);
		} finally {
			this.busy = false;
		}
	}

	private async startOffline(id: string, store: Store) {
		const db = this.db!;
		const buckets = await db.stock_buckets
			.find({ selector: { location_id: store.location_id } })
			.exec();
		const items = offlineWalk(
			store.id,
			lastWalk(store.id),
			buckets.flatMap((b) => b.toJSON().items as StockItem[])
		);
		if (items.length === 0) {
			this.error =
				'This device has no list of this store’s items yet: connect once, then count offline.';
			return;
		}
		const started_at = new Date().toISOString();
		// Queued before it shows: a count on screen is always one the server will hear of.
		this.sync!.startedOffline({
			id,
			store_id: store.id,
			location_id: store.location_id,
			started_at
		});
		await db.count_sessions.insert({
			id,
			location_id: store.location_id,
			store_id: store.id,
			store_name: store.name,
			status: 'open',
			items: [...items],
			started_by_name: this.me?.display_name ?? null,
			started_at
		});
		this.notice = `Count of ${store.name} started on this device: it reaches the server when the network is back`;
	}

	async destroy() {
		for (const s of this.subs.splice(0)) s.unsubscribe();
		this.linesSub?.unsubscribe();
		await this.sync?.stop();
	}
}

// One collator (localeCompare builds one per call: slow over a whole catalog).
const collator = new Intl.Collator();

/** Lower case without accents: "creme" finds "Crème fraîche". */
function fold(s: string): string {
	return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
