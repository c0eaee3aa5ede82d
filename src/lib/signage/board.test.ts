import { describe, expect, it } from 'vitest';
import type { CurrentMenu, LiveEntry } from '$lib/shared/wire/menus';
import { boardAt, clock, parseCached, price } from './board';

const entry = (name: string): LiveEntry => ({
	placement_id: `p-${name}`,
	menu_id: 'm',
	kind: 'meal',
	id: `d-${name}`,
	name,
	description: '',
	price_cents: 1000,
	category: '',
	tags: [],
	sold_out: false,
	sold_out_reason: null,
	portions_left: null,
	position: 0
});
const menu: CurrentMenu = {
	location_id: 'l',
	time_zone: 'America/Lima',
	currency: 'PEN',
	at: '2026-06-01T15:00:00.000Z',
	menu: { id: 'm', name: 'Carta' },
	daypart: { id: 'b', name: 'Breakfast', starts_at: '07:00:00', ends_at: '11:00:00' },
	next_change_at: '2026-06-01T16:00:00.000Z',
	next_daypart: { id: 'l', name: 'Lunch' },
	entries: [entry('Eggs')],
	next_entries: [entry('Soup')]
};

describe('signage board', () => {
	it('shows the live daypart until the boundary, then switches by itself', () => {
		const before = boardAt(menu, Date.parse('2026-06-01T15:59:59.999Z'));
		expect(before).toMatchObject({ daypart: 'Breakfast', until: menu.next_change_at });
		expect(before.entries.map((e) => e.name)).toEqual(['Eggs']);
		const after = boardAt(menu, Date.parse('2026-06-01T16:00:00.000Z'));
		expect(after).toMatchObject({ daypart: 'Lunch', until: null });
		expect(after.entries.map((e) => e.name)).toEqual(['Soup']);
	});

	it('with no next change it stays', () => {
		const m = { ...menu, next_change_at: null, next_daypart: null, next_entries: null };
		expect(boardAt(m, Date.parse('2030-01-01T00:00:00Z')).daypart).toBe('Breakfast');
	});

	it('clock in the location’s zone; cache parsing refuses junk', () => {
		expect(clock(Date.parse('2026-06-01T17:05:00Z'), 'America/Lima')).toBe('12:05');
		expect(parseCached('not json')).toBeNull();
		expect(parseCached(JSON.stringify({ saved_at: 'x' }))).toBeNull();
		const c = { saved_at: 1, location_name: 'X', menu };
		expect(parseCached(JSON.stringify(c))).toEqual(c);
	});
});

describe('signage price', () => {
	const plain = (s: string) => s.replace(/\u00a0/g, ' ');
	it('writes Lima prices as a diner there reads them, and any other currency by its symbol', () => {
		expect(plain(price(3250))).toBe('S/ 32.50');
		expect(plain(price(123_450, 'PEN'))).toBe('S/ 1,234.50');
		expect(plain(price(3250, 'USD'))).toBe('$ 32.50');
	});
});
