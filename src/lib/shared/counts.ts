// Count merge rules (DESIGN.md, "Counts"): pure functions shared by the review on the server
// and the count screen in the browser. A count line is a measurement of one item at
// `counted_at`; a counter who counts an item again replaces their own earlier value; two
// counters who disagree are both kept and the reviewer decides. An explicit zero is a count;
// an item without a line is "not counted". And the walk of a count started offline.
import type { StorePlaces } from './wire/inventory';
import type { CountItem, StockItem } from './wire/sync';

export interface MergeLine {
	id: string;
	item_id: string;
	quantity: number;
	counted_at: string | Date;
	/** Who counted (falls back to the device when the counter is unknown). */
	counter_id: string | null;
	device_id: string;
}

export type ItemMerge<L extends MergeLine = MergeLine> =
	| { state: 'not_counted'; candidates: [] }
	| { state: 'agreed'; line: L; candidates: L[] }
	| { state: 'conflict'; candidates: L[] };

const time = (t: string | Date) => (typeof t === 'string' ? Date.parse(t) : t.getTime());

/** Later counted_at wins; a tie goes to the larger id (deterministic on every device). */
export function later<L extends MergeLine>(a: L, b: L): L {
	const d = time(a.counted_at) - time(b.counted_at);
	if (d !== 0) return d > 0 ? a : b;
	return a.id > b.id ? a : b;
}

/** Each counter's latest line, ordered by counter. */
export function latestPerCounter<L extends MergeLine>(lines: readonly L[]): L[] {
	const by = new Map<string, L>();
	for (const l of lines) {
		const who = l.counter_id ?? `device:${l.device_id}`;
		const cur = by.get(who);
		by.set(who, cur ? later(cur, l) : l);
	}
	return [...by.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, l]) => l);
}

/**
 * One item's lines → not counted, agreed (every counter's latest value is the same; the latest
 * of those lines is the measurement) or a conflict (the candidates, one per counter).
 */
export function mergeItem<L extends MergeLine>(lines: readonly L[]): ItemMerge<L> {
	const candidates = latestPerCounter(lines);
	if (candidates.length === 0) return { state: 'not_counted', candidates: [] };
	const q = candidates[0].quantity;
	if (candidates.every((c) => c.quantity === q)) {
		return { state: 'agreed', line: candidates.reduce((a, b) => later(a, b)), candidates };
	}
	return { state: 'conflict', candidates };
}

/** Lines grouped by item, merged. */
export function mergeLines<L extends MergeLine>(lines: readonly L[]): Map<string, ItemMerge<L>> {
	const by = new Map<string, L[]>();
	for (const l of lines) {
		const list = by.get(l.item_id);
		if (list) list.push(l);
		else by.set(l.item_id, [l]);
	}
	const out = new Map<string, ItemMerge<L>>();
	for (const [item, list] of by) out.set(item, mergeItem(list));
	return out;
}

/**
 * The line approval uses for an item: the agreed one, or the reviewer's choice among the
 * candidates. Throws (with the reason) for a conflict without a valid choice.
 */
export function chooseLine<L extends MergeLine>(m: ItemMerge<L>, choice?: string | null): L | null {
	if (m.state === 'not_counted') {
		if (choice) throw new Error('the item was not counted');
		return null;
	}
	if (choice) {
		const c = m.candidates.find((l) => l.id === choice);
		if (!c) throw new Error(`line ${choice} is not one of the item's latest counts`);
		return c;
	}
	if (m.state === 'conflict') throw new Error('two counters disagree: choose one count');
	return m.line;
}

/**
 * The ledger correction that makes level = counted + movements after counted_at:
 * `current` is the level now, `after` the sum of the deltas after counted_at, so the expected
 * level at counted_at was current − after and the variance is counted − expected.
 */
export function correction(counted: number, current: number, after: number) {
	const expected = round4(current - after);
	const variance = round4(counted - expected);
	return { expected, variance, delta: variance };
}

/** numeric(14, 4) arithmetic on floats: round to 4 decimals so 0.1 + 0.2 stays 0.3. */
export function round4(n: number): number {
	return Math.round(n * 1e4) / 1e4;
}

export interface AreaProgress {
	area: string;
	total: number;
	counted: number;
	/** 0–100, whole percent, rounded down (100 only when every item is counted). */
	percent: number;
}

/** Per-area progress in walk order: an item is counted once any line exists for it. */
export function progress(
	items: readonly { item_id: string; area: string }[],
	countedItemIds: ReadonlySet<string>
): { areas: AreaProgress[]; total: AreaProgress } {
	const areas: AreaProgress[] = [];
	const index = new Map<string, AreaProgress>();
	for (const it of items) {
		let a = index.get(it.area);
		if (!a) {
			a = { area: it.area, total: 0, counted: 0, percent: 0 };
			index.set(it.area, a);
			areas.push(a);
		}
		a.total++;
		if (countedItemIds.has(it.item_id)) a.counted++;
	}
	const pct = (c: number, t: number) => (t === 0 ? 0 : Math.floor((c * 100) / t));
	for (const a of areas) a.percent = pct(a.counted, a.total);
	const counted = areas.reduce((s, a) => s + a.counted, 0);
	return {
		areas,
		total: { area: 'All', total: items.length, counted, percent: pct(counted, items.length) }
	};
}

/**
 * The item walk of a count started on a phone without signal, from what the device holds: the
 * store's last walk it saw (`GET …/places`: places in walk order, then items stocked there
 * without a place, "Other"), else the items of its copy with a level in the store, else the
 * whole catalog of its copy — the server's rule (counts.ts start()) on the device's data. The
 * server freezes its own walk when the count reaches it; lines name items, so they carry over.
 */
export function offlineWalk(
	storeId: string,
	places: StorePlaces | null,
	catalog: readonly StockItem[]
): CountItem[] {
	if (places && places.places.length + places.unplaced.length > 0) {
		return [
			...places.places.map((p) => ({
				item_id: p.item_id,
				name: p.item_name,
				unit: p.unit,
				area: p.area,
				shelf_order: p.shelf_order
			})),
			...places.unplaced.map((u) => ({
				item_id: u.item_id,
				name: u.item_name,
				unit: u.unit,
				area: 'Other',
				shelf_order: 0
			}))
		];
	}
	const byName = (a: StockItem, b: StockItem) =>
		a.name.localeCompare(b.name) || a.item_id.localeCompare(b.item_id);
	const stocked = catalog.filter((i) => i.levels.some((l) => l.store_id === storeId));
	return (stocked.length ? stocked : [...catalog]).sort(byName).map((i) => ({
		item_id: i.item_id,
		name: i.name,
		unit: i.unit,
		area: 'Other',
		shelf_order: 0
	}));
}

/** Where a count lists an item its walk did not: found on a shelf, or counted on another walk. */
export const ADDED_AREA = 'Added during the count';

/**
 * A count's walk with the items counted on top of it: the frozen walk, then each item of
 * `added` it does not list (in the order given, once), under ADDED_AREA. The server appends
 * them to the count this way when their lines arrive (counts.ts writeLines); a phone shows
 * its own so before that. An id `catalog` does not know is left out: it names nothing to
 * show (the server rejects a line for it).
 */
export function withAdded(
	walk: readonly CountItem[],
	added: Iterable<string>,
	catalog: ReadonlyMap<string, { name: string; unit: string }>
): CountItem[] {
	const listed = new Set(walk.map((i) => i.item_id));
	const out = [...walk];
	for (const id of added) {
		const item = catalog.get(id);
		if (listed.has(id) || !item) continue;
		listed.add(id);
		out.push({ item_id: id, name: item.name, unit: item.unit, area: ADDED_AREA, shelf_order: 0 });
	}
	return out;
}
