import { describe, expect, it } from 'vitest';
import { entriesOf, resolveMenu, type MenuFacts, type PlacedDish } from './live-menu';

const dish = (over: Partial<PlacedDish> & { id: string }): PlacedDish => ({
	placement_id: `p-${over.id}-${over.daypart_id ?? 'all'}`,
	menu_id: 'm1',
	menu_name: 'Carta',
	kind: 'meal',
	name: over.id,
	description: '',
	price_cents: 1000,
	category: '',
	tags: [],
	daypart_id: null,
	sold_out: false,
	portions: null,
	position: 0,
	...over
});

const facts = (placements: PlacedDish[]): MenuFacts => ({
	location_id: 'loc',
	time_zone: 'America/Lima',
	currency: 'PEN',
	dayparts: [
		{
			id: 'lunch',
			name: 'Lunch',
			days: [1, 2, 3, 4, 5, 6, 7],
			starts_at: '12:00:00',
			ends_at: '16:00:00'
		}
	],
	placements,
	only_left: 3
});

describe('live menu from its facts', () => {
	it("a daypart's dishes plus the all-day ones, each dish once (its first placement)", () => {
		const f = facts([
			dish({ id: 'soup', daypart_id: 'lunch', position: 0 }),
			dish({ id: 'bread', position: 1 }),
			dish({ id: 'soup', position: 2 }),
			dish({ id: 'tea', daypart_id: 'breakfast', position: 3 })
		]);
		expect(entriesOf(f, 'lunch').entries.map((e) => e.placement_id)).toEqual([
			'p-soup-lunch',
			'p-bread-all'
		]);
		expect(entriesOf(f, null).entries.map((e) => e.placement_id)).toEqual([
			'p-bread-all',
			'p-soup-all'
		]);
	});

	it('the manual 86 wins over stock; no portion is a stock 86; few portions are a hint', () => {
		const f = facts([
			dish({ id: 'a', sold_out: true, portions: 9 }),
			dish({ id: 'b', portions: 0 }),
			dish({ id: 'c', portions: 2 }),
			dish({ id: 'd', portions: 4 })
		]);
		const by = Object.fromEntries(entriesOf(f, null).entries.map((e) => [e.id, e]));
		expect(by.a).toMatchObject({ sold_out: true, sold_out_reason: 'manual', portions_left: null });
		expect(by.b).toMatchObject({ sold_out: true, sold_out_reason: 'stock' });
		expect(by.c).toMatchObject({ sold_out: false, portions_left: 2 });
		expect(by.d).toMatchObject({ sold_out: false, portions_left: null });
	});

	it('the top menu has the most live entries, then the first name', () => {
		const f = facts([
			dish({ id: 'a', menu_id: 'z', menu_name: 'Zeta' }),
			dish({ id: 'b', menu_id: 'y', menu_name: 'Ypsilon' }),
			dish({ id: 'c', menu_id: 'y', menu_name: 'Ypsilon' })
		]);
		expect(entriesOf(f, null).menu).toEqual({ id: 'y', name: 'Ypsilon' });
		expect(entriesOf(facts([]), null).menu).toBeNull();
	});

	it('switches at the boundary by itself: lunch at 12:00 Lima time, and what comes next', () => {
		const f = facts([dish({ id: 'soup', daypart_id: 'lunch' }), dish({ id: 'bread' })]);
		const before = resolveMenu(f, new Date('2026-12-03T16:59:59Z'));
		expect(before.daypart).toBeNull();
		expect(before.entries.map((e) => e.id)).toEqual(['bread']);
		expect(before.next_change_at?.toISOString()).toBe('2026-12-03T17:00:00.000Z');
		expect(before.next_entries?.map((e) => e.id)).toEqual(['soup', 'bread']);
		const during = resolveMenu(f, new Date('2026-12-03T17:00:00Z'));
		expect(during.daypart?.name).toBe('Lunch');
		expect(during.entries.map((e) => e.id)).toEqual(['soup', 'bread']);
	});
});
