// State of the "Shelf order" screen: a store's walk (the order a count goes through it), edited
// on the device — items moved up and down within their area, areas moved, an item sent to
// another or a new area, taken out of the walk or put back — and saved at once with the bulk
// PUT /api/v1/stores/{storeID}/places (one transaction). Managers edit; staff read.
//
// The screen follows the location's inventory stream: a `stock.place` for this store (another
// manager saved, or a count screen placed an item) reloads the walk when nothing is edited here,
// and otherwise says so, so that saving over someone else's order is a choice made knowingly.
//
// Without signal (a walk-in is where shelves get rearranged) it shows the walk as the device last
// saw it, and unsaved edits are kept on the device with the walk they started from: they survive
// a reload and a failed Save, and when the server's walk moved on meanwhile the screen says so.
import { api, NETWORK_ERROR } from '$lib/client/http';
import type { SseClient } from '$lib/client/sse.svelte';
import { followInventory } from '$lib/client/inventory-events';
import { describeError } from '$lib/auth/passkey';
import { Reachability } from '$lib/client/offline/reachability.svelte';
import { readStored, store } from '$lib/client/stored';
import { lastWalk, saveWalk } from '$lib/inventory/walk-cache';
import type { StorePlaces, UnplacedItem } from '$lib/shared/wire/inventory';

export interface Spot extends UnplacedItem {
	area: string;
}

export interface AreaGroup {
	area: string;
	items: Spot[];
}

/** What the server holds, in the body's own shape: compared to know when there is something to save. */
const key = (list: Spot[]) => JSON.stringify(list.map((s) => [s.item_id, s.area]));

// The unsaved edits, with the walk they started from.
const DRAFT = (id: string) => `preptable.places-draft.${id}`;
interface Draft {
	base: string;
	spots: Spot[];
	outside: UnplacedItem[];
}

const spotsOf = (w: StorePlaces): Spot[] =>
	w.places.map((p) => ({
		item_id: p.item_id,
		item_name: p.item_name,
		item_sku: p.item_sku,
		unit: p.unit,
		area: p.area
	}));

export class PlacesScreen {
	storeName = $state('');
	/** The walk as edited here, in order. */
	spots = $state<Spot[]>([]);
	/** In the store, not in the walk (stocked ones are still counted, last, under "Other"). */
	outside = $state<UnplacedItem[]>([]);
	loaded = $state(false);
	busy = $state(false);
	error = $state('');
	notice = $state('');
	/** What is wrong with the area typed in the open panel (shown there). */
	areaError = $state('');
	/** The walk was changed elsewhere while edits here were unsaved. */
	changedElsewhere = $state(false);
	/** Whether the server answers; offline, the load is retried on its own (with backoff). */
	readonly reach = new Reachability('preptable.shelf-order.offline-since', () => this.load());
	private saved = $state('[]');
	/** The server's walk the edits here started from. */
	private base = '[]';
	private stream: SseClient<'stock.place'> | null = null;
	private stopped = false;

	constructor(readonly storeId: string) {}

	/** Areas in walk order (first appearance), each with its items in shelf order. */
	readonly areas = $derived.by((): AreaGroup[] => {
		const groups: AreaGroup[] = [];
		for (const s of this.spots) {
			const g = groups.find((x) => x.area === s.area);
			if (g) g.items.push(s);
			else groups.push({ area: s.area, items: [s] });
		}
		return groups;
	});
	readonly dirty = $derived(key(this.spots) !== this.saved);

	async load() {
		this.error = '';
		try {
			const w = await this.read();
			this.reach.ok();
			this.show(w);
			this.restore();
			this.follow(w.location_id);
		} catch (e) {
			if ((e as { status?: number }).status === 401)
				location.assign('/login?next=' + location.pathname);
			else if ((e as { status?: number }).status === 404)
				this.error = 'This store was not found in your locations.';
			else if ((e as { code?: string }).code !== NETWORK_ERROR) this.error = describeError(e);
			else {
				this.reach.failed();
				// Shown once: a retry that fails again leaves the screen (and its edits) as it is.
				if (this.loaded) return;
				const cached = lastWalk(this.storeId);
				if (cached) {
					this.show(cached);
					this.restore();
				} else
					this.error =
						'No signal, and this device has not seen this shelf order yet: it shows here once the network is back.';
			}
		}
	}

	/** Takes back the edits kept on this device, over the walk just shown. */
	private restore() {
		const d = readStored<Draft>(DRAFT(this.storeId));
		if (!d || !Array.isArray(d.spots) || !Array.isArray(d.outside)) return;
		this.spots = d.spots;
		this.outside = d.outside;
		this.base = d.base;
		// Only a walk other than the one they started from is news.
		this.changedElsewhere = this.dirty && d.base !== this.saved;
		this.keep();
	}

	/** Keeps the unsaved edits on this device (none: forgets them). */
	private keep() {
		store(
			DRAFT(this.storeId),
			this.dirty ? { base: this.base, spots: this.spots, outside: this.outside } : null
		);
	}

	private read() {
		return api<StorePlaces>('GET', `/api/v1/stores/${this.storeId}/places`);
	}

	/** The server's walk, as it is now: nothing edited here, nothing changed elsewhere. */
	private show(w: StorePlaces) {
		this.changedElsewhere = false;
		this.storeName = w.store_name;
		this.spots = spotsOf(w);
		// Items taken out here but not stocked are not in the server's list: keep offering them.
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, never rendered
		const known = new Set([...w.places, ...w.unplaced].map((p) => p.item_id));
		this.outside = [...w.unplaced, ...this.outside.filter((o) => !known.has(o.item_id))];
		this.saved = key(this.spots);
		this.base = this.saved;
		this.loaded = true;
		saveWalk(this.storeId, w);
	}

	/** Opens the location's inventory stream once (the first load tells which location). */
	private follow(locationId: string) {
		// A load still in flight when the screen closed must not open a stream nobody stops.
		if (this.stream || this.stopped) return;
		this.stream = followInventory(locationId, ['stock.place'], (e) => {
			// After a reset (events missed), whatever they were, the walk may have changed.
			if (!e || (e.payload as { store_id?: string }).store_id === this.storeId) this.changed();
		});
	}

	/** The server's walk moved on: take it, unless that would throw away edits made here. */
	private async changed() {
		if (this.busy) return; // our own save: its answer is the new walk
		if (!this.dirty) return void this.load();
		// Edits here: only a walk other than the one they started from is news (the echo of our
		// own last save is not).
		try {
			const w = await this.read();
			if (key(spotsOf(w)) !== this.saved) this.changedElsewhere = true;
		} catch {
			// Unreachable now: the next event or reset asks again.
		}
	}

	start() {
		this.reach.start();
		void this.load();
	}

	stop() {
		this.reach.stop();
		this.stopped = true;
		this.stream?.stop();
		this.stream = null;
	}

	/** An existing area spelled the same but for case and spaces, else the name as typed. */
	areaName(typed: string): string {
		const t = typed.trim().replace(/\s+/g, ' ');
		return this.areas.find((a) => a.area.toLowerCase() === t.toLowerCase())?.area ?? t;
	}

	/** Moves an item one shelf up or down within its area; returns its new position (1-based). */
	move(itemId: string, by: -1 | 1): { position: number; of: number; area: string } | null {
		const spot = this.spots.find((s) => s.item_id === itemId);
		if (!spot) return null;
		const group = this.areas.find((a) => a.area === spot.area)!;
		const i = group.items.findIndex((s) => s.item_id === itemId);
		const other = group.items[i + by];
		if (!other) return null;
		const list = [...this.spots];
		const a = list.indexOf(spot);
		const b = list.indexOf(other);
		[list[a], list[b]] = [list[b], list[a]];
		this.spots = list;
		this.keep();
		return { position: i + by + 1, of: group.items.length, area: spot.area };
	}

	/** Moves a whole area one place earlier or later in the walk. */
	moveArea(area: string, by: -1 | 1): boolean {
		const order = this.areas.map((g) => g.area);
		const i = order.indexOf(area);
		const j = i + by;
		if (i < 0 || j < 0 || j >= order.length) return false;
		[order[i], order[j]] = [order[j], order[i]];
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, never rendered
		const groups = new Map(this.areas.map((g) => [g.area, g.items]));
		this.spots = order.flatMap((a) => groups.get(a) ?? []);
		this.keep();
		return true;
	}

	/** A typed area name checked (null and an error in words when it cannot be one). */
	private checkArea(typed: string): string | null {
		const area = this.areaName(typed);
		if (area === '') {
			this.areaError = 'Type the name of an area (for example "Top shelf").';
			return null;
		}
		if (area.length > 60) {
			this.areaError = 'An area name has at most 60 characters.';
			return null;
		}
		this.areaError = '';
		return area;
	}

	/** `spot` at the end of its area in `rest` (a new area goes last in the walk). */
	private insert(rest: Spot[], spot: Spot): Spot[] {
		let at = -1;
		rest.forEach((s, k) => {
			if (s.area === spot.area) at = k;
		});
		const list = [...rest];
		list.splice(at < 0 ? list.length : at + 1, 0, spot);
		return list;
	}

	/** Sends an item to the end of an area; returns the area's name as kept. */
	setArea(itemId: string, typed: string): string | null {
		const spot = this.spots.find((s) => s.item_id === itemId);
		const area = this.checkArea(typed);
		if (!spot || area === null) return null;
		if (area === spot.area) return area;
		this.spots = this.insert(
			this.spots.filter((s) => s.item_id !== itemId),
			{ ...spot, area }
		);
		this.keep();
		return area;
	}

	remove(itemId: string) {
		const spot = this.spots.find((s) => s.item_id === itemId);
		if (!spot) return;
		this.spots = this.spots.filter((s) => s.item_id !== itemId);
		const { area, ...item } = spot;
		void area;
		this.outside = [item, ...this.outside.filter((o) => o.item_id !== itemId)].sort((x, y) =>
			x.item_name.localeCompare(y.item_name)
		);
		this.keep();
	}

	/** Puts an item back into the walk, at the end of an area. */
	add(itemId: string, typed: string): string | null {
		const item = this.outside.find((o) => o.item_id === itemId);
		const area = this.checkArea(typed);
		if (!item || area === null) return null;
		this.spots = this.insert(this.spots, { ...item, area });
		this.outside = this.outside.filter((o) => o.item_id !== itemId);
		this.keep();
		return area;
	}

	discard() {
		this.error = '';
		this.notice = '';
		store(DRAFT(this.storeId), null);
		void this.load();
	}

	async save() {
		this.busy = true;
		this.error = '';
		this.notice = '';
		try {
			const w = await api<StorePlaces>('PUT', `/api/v1/stores/${this.storeId}/places`, {
				places: this.spots.map((s) => ({ item_id: s.item_id, area: s.area }))
			});
			this.reach.ok();
			this.show(w);
			this.keep();
			this.notice = `Shelf order saved: the next count of ${w.store_name} walks it in this order.`;
		} catch (e) {
			const noSignal = (e as { code?: string }).code === NETWORK_ERROR;
			if (noSignal) this.reach.failed();
			this.error = noSignal
				? 'Not saved yet: no signal. Your order is kept on this device; Save again when the network is back.'
				: `Not saved: ${describeError(e)}`;
		} finally {
			this.busy = false;
		}
	}
}
