// The live menu, resolved from its facts: a location's dayparts, zone and currency, every
// placed dish with its manual 86 and the portions its stock covers. Pure and shared, so the
// server's GET …/menu/current (server/menus/live.ts) and a staff screen working from its
// offline copy (the live_menus sync collection) resolve "what is on offer now" with one rule,
// and a device without signal still switches dayparts at the boundary by itself.
import { liveDaypart, type DaypartRule } from './dayparts';
import { availability } from './portions';
import type { CurrentMenu, LiveEntry } from './wire/menus';

/** One placement of a sellable dish (an item without a menu price is never placed here). */
export interface PlacedDish extends Omit<
	LiveEntry,
	'sold_out' | 'sold_out_reason' | 'portions_left'
> {
	/** null: all day. */
	daypart_id: string | null;
	menu_name: string;
	/** The manual 86. */
	sold_out: boolean;
	/** Whole portions the location's stock covers; null when no component is tracked. */
	portions: number | null;
}

/** What the live menu of a location is made of. */
export interface MenuFacts {
	location_id: string;
	time_zone: string;
	currency: string;
	dayparts: DaypartRule[];
	/** In menu order: position, then name, then placement id. */
	placements: PlacedDish[];
	/** Threshold of the "only N left" hint (MENU_ONLY_LEFT). */
	only_left: number;
}

/**
 * The live menu at `at`: the winning daypart's placements plus the all-day ones, each dish once
 * (its first placement in order), and what is live from the next change on.
 */
export function resolveMenu(f: MenuFacts, at: Date): CurrentMenu<Date> {
	const live = liveDaypart(f.dayparts, at, f.time_zone);
	const now = entriesOf(f, live.daypart?.id ?? null);
	const next = live.next_change_at ? entriesOf(f, live.next?.id ?? null) : null;
	return {
		location_id: f.location_id,
		time_zone: f.time_zone,
		currency: f.currency,
		at,
		menu: now.menu,
		daypart: live.daypart
			? {
					id: live.daypart.id,
					name: live.daypart.name,
					starts_at: live.daypart.starts_at,
					ends_at: live.daypart.ends_at
				}
			: null,
		next_change_at: live.next_change_at,
		next_daypart: live.next ? { id: live.next.id, name: live.next.name } : null,
		entries: now.entries,
		next_entries: next?.entries ?? null
	};
}

/**
 * The entries live in a daypart (plus the all-day ones), each dish once, and the top menu (the
 * most entries, then the name). A dish is sold out when 86'd by hand (always wins) or when its
 * stock cannot cover one portion.
 */
export function entriesOf(
	f: Pick<MenuFacts, 'placements' | 'only_left'>,
	daypartId: string | null
) {
	const seen = new Set<string>();
	const entries: LiveEntry[] = [];
	const perMenu = new Map<string, { id: string; name: string; n: number }>();
	for (const p of f.placements) {
		if (p.daypart_id !== null && p.daypart_id !== daypartId) continue;
		const key = `${p.kind}:${p.id}`;
		if (seen.has(key)) continue;
		seen.add(key);
		entries.push({
			placement_id: p.placement_id,
			menu_id: p.menu_id,
			kind: p.kind,
			id: p.id,
			name: p.name,
			description: p.description,
			price_cents: p.price_cents,
			category: p.category,
			tags: p.tags,
			...availability(p.sold_out, p.portions, f.only_left),
			position: p.position
		});
		const m = perMenu.get(p.menu_id) ?? { id: p.menu_id, name: p.menu_name, n: 0 };
		m.n++;
		perMenu.set(p.menu_id, m);
	}
	const top = [...perMenu.values()].sort((a, b) => b.n - a.n || a.name.localeCompare(b.name))[0];
	return { entries, menu: top ? { id: top.id, name: top.name } : null };
}
