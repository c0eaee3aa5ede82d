// What a signage screen shows at an instant from the last live menu it holds: at the daypart
// boundary it switches to the `next_entries` it was given, without the server (offline too).
// Pure, so the switch is tested without a browser (board.test.ts).
import type { CurrentMenu, LiveEntry } from '$lib/shared/wire/menus';
import { formatMoney } from '$lib/money';

export interface Board {
	daypart: string | null;
	menu: string | null;
	entries: LiveEntry[];
	/** When what is shown changes next (null: not known). */
	until: string | null;
}

export function boardAt(m: CurrentMenu, now: number): Board {
	const change = m.next_change_at ? Date.parse(m.next_change_at) : null;
	if (change !== null && now >= change && m.next_entries) {
		return {
			daypart: m.next_daypart?.name ?? null,
			menu: m.menu?.name ?? null,
			entries: m.next_entries,
			until: null
		};
	}
	return {
		daypart: m.daypart?.name ?? null,
		menu: m.menu?.name ?? null,
		entries: m.entries,
		until: m.next_change_at
	};
}

/** Integer cents as the board shows prices to diners in Lima: "S/ 32.00". */
export function price(cents: number, currency = 'PEN'): string {
	return formatMoney(cents, 'es-PE', currency);
}

/** A clock in the location's zone: 14:05. */
export function clock(t: number, timeZone: string): string {
	try {
		return new Intl.DateTimeFormat('en-GB', {
			timeZone,
			hour: '2-digit',
			minute: '2-digit',
			hourCycle: 'h23'
		}).format(new Date(t));
	} catch {
		return '';
	}
}

/** Persisted copy of the last menu (localStorage): shown at once and offline. */
export interface Cached {
	saved_at: number;
	location_name: string;
	menu: CurrentMenu;
}

export function parseCached(raw: string | null): Cached | null {
	if (!raw) return null;
	try {
		const c = JSON.parse(raw) as Cached;
		return c && typeof c.saved_at === 'number' && c.menu && Array.isArray(c.menu.entries)
			? c
			: null;
	} catch {
		return null;
	}
}
