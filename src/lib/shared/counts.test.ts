import { describe, expect, it } from 'vitest';
import {
	chooseLine,
	correction,
	latestPerCounter,
	mergeItem,
	mergeLines,
	progress,
	offlineWalk,
	withAdded,
	ADDED_AREA,
	type MergeLine
} from './counts';
import type { StockItem } from './wire/sync';

let n = 0;
const line = (over: Partial<MergeLine> = {}): MergeLine => ({
	id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
	item_id: 'item-a',
	quantity: 5,
	counted_at: '2026-12-01T10:00:00.000Z',
	counter_id: 'ana',
	device_id: 'phone-1',
	...over
});

describe('count merge rules', () => {
	it('no line: not counted; an explicit zero is a count', () => {
		expect(mergeItem([]).state).toBe('not_counted');
		const zero = line({ quantity: 0 });
		expect(mergeItem([zero])).toMatchObject({ state: 'agreed', line: zero });
	});

	it("a counter's later line replaces their earlier one (whatever the arrival order)", () => {
		const late = line({ quantity: 7, counted_at: '2026-12-01T10:05:00.000Z' });
		const early = line({ quantity: 4, counted_at: '2026-12-01T10:01:00.000Z' });
		expect(latestPerCounter([late, early])).toEqual([late]);
		expect(latestPerCounter([early, late])).toEqual([late]);
		expect(mergeItem([late, early])).toMatchObject({ state: 'agreed', line: late });
	});

	it('same counted_at: the larger id wins on every device', () => {
		const a = line({ quantity: 1 });
		const b = line({ quantity: 2 });
		expect(latestPerCounter([a, b])).toEqual([b]);
		expect(latestPerCounter([b, a])).toEqual([b]);
	});

	it('two counters with different values: a conflict with both candidates', () => {
		const ana = line({ quantity: 5, counter_id: 'ana' });
		const ben = line({ quantity: 6, counter_id: 'ben', device_id: 'phone-2' });
		const m = mergeItem([ben, ana]);
		expect(m.state).toBe('conflict');
		expect(m.candidates.map((c) => c.quantity)).toEqual([5, 6]);
		expect(() => chooseLine(m)).toThrow(/choose/);
		expect(chooseLine(m, ben.id)).toBe(ben);
		expect(() => chooseLine(m, 'someone-else')).toThrow(/not one of/);
	});

	it('two counters who agree: agreed, the later line is the measurement', () => {
		const ana = line({ quantity: 5, counter_id: 'ana' });
		const ben = line({ quantity: 5, counter_id: 'ben', counted_at: '2026-12-01T10:09:00.000Z' });
		expect(mergeItem([ana, ben])).toMatchObject({ state: 'agreed', line: ben });
		expect(chooseLine(mergeItem([ana, ben]))).toBe(ben);
	});

	it('an unknown counter is told apart by device', () => {
		const a = line({ counter_id: null, device_id: 'p1', quantity: 1 });
		const b = line({ counter_id: null, device_id: 'p2', quantity: 2 });
		expect(mergeItem([a, b]).state).toBe('conflict');
	});

	it('groups by item', () => {
		const m = mergeLines([line({ item_id: 'x' }), line({ item_id: 'y' }), line({ item_id: 'x' })]);
		expect([...m.keys()].sort()).toEqual(['x', 'y']);
	});

	it('correction: level = counted + movements after counted_at', () => {
		// 10 on hand now; 3 received after the count, 1 wasted after it: expected at counted_at 8.
		const c = correction(6, 10, 3 - 1);
		expect(c).toEqual({ expected: 8, variance: -2, delta: -2 });
		expect(10 + c.delta).toBe(6 + 3 - 1);
		expect(correction(0.3, 0.1, -0.2).delta).toBe(0);
		expect(correction(0.3, 0.1, 0.2).delta).toBe(0.4);
	});

	it('progress per area in walk order, zero counts count', () => {
		const items = [
			{ item_id: 'a', area: 'Cooler' },
			{ item_id: 'b', area: 'Cooler' },
			{ item_id: 'c', area: 'Cooler' },
			{ item_id: 'd', area: 'Dry' }
		];
		const p = progress(items, new Set(['a', 'd']));
		expect(p.areas).toEqual([
			{ area: 'Cooler', total: 3, counted: 1, percent: 33 },
			{ area: 'Dry', total: 1, counted: 1, percent: 100 }
		]);
		expect(p.total).toMatchObject({ counted: 2, total: 4, percent: 50 });
		expect(progress([], new Set()).total.percent).toBe(0);
	});
});

describe('the walk of a count started offline', () => {
	const item = (id: string, name: string, stores: string[] = []): StockItem => ({
		item_id: id,
		sku: id,
		name,
		unit: 'kg',
		category: null,
		levels: stores.map((s) => ({ store_id: s, quantity: 1, updated_at: '' })),
		location_quantity: stores.length,
		par_level: null,
		reorder_point: null,
		low: false
	});
	const catalog = [
		item('c', 'Cream', ['cooler']),
		item('a', 'Apples'),
		item('b', 'Butter', ['cooler'])
	];

	it("follows the store's last walk: places in order, then the unplaced under Other", () => {
		const walk = offlineWalk(
			'cooler',
			{
				store_id: 'cooler',
				store_name: 'Cooler',
				location_id: 'loc',
				places: [
					{
						item_id: 'c',
						item_name: 'Cream',
						item_sku: 'c',
						unit: 'l',
						area: 'Dairy',
						area_order: 0,
						shelf_order: 3
					}
				],
				unplaced: [{ item_id: 'b', item_name: 'Butter', item_sku: 'b', unit: 'kg' }]
			},
			catalog
		);
		expect(walk).toEqual([
			{ item_id: 'c', name: 'Cream', unit: 'l', area: 'Dairy', shelf_order: 3 },
			{ item_id: 'b', name: 'Butter', unit: 'kg', area: 'Other', shelf_order: 0 }
		]);
	});

	it('without a walk: the items stocked in the store by name, else the whole catalog', () => {
		expect(offlineWalk('cooler', null, catalog).map((i) => i.item_id)).toEqual(['b', 'c']);
		const empty = { store_id: 'x', store_name: 'X', location_id: 'loc', places: [], unplaced: [] };
		expect(offlineWalk('dry', empty, catalog).map((i) => i.item_id)).toEqual(['a', 'b', 'c']);
		expect(offlineWalk('dry', null, [])).toEqual([]);
	});
});

describe('withAdded', () => {
	const walk = [
		{ item_id: 'a', name: 'Apples', unit: 'kg', area: 'Produce', shelf_order: 1 },
		{ item_id: 'b', name: 'Butter', unit: 'kg', area: 'Dairy', shelf_order: 1 }
	];
	const catalog = new Map([
		['a', { name: 'Apples', unit: 'kg' }],
		['c', { name: 'Cream', unit: 'l' }],
		['d', { name: 'Dill', unit: 'bunch' }]
	]);

	it('appends the items the walk does not list, once each, in the order they came', () => {
		const out = withAdded(walk, ['d', 'a', 'c', 'd'], catalog);
		expect(out.slice(0, 2)).toEqual(walk);
		expect(out.slice(2)).toEqual([
			{ item_id: 'd', name: 'Dill', unit: 'bunch', area: ADDED_AREA, shelf_order: 0 },
			{ item_id: 'c', name: 'Cream', unit: 'l', area: ADDED_AREA, shelf_order: 0 }
		]);
		// The added area is counted like any other.
		const p = progress(out, new Set(['d']));
		expect(p.areas.map((x) => [x.area, x.counted, x.total])).toEqual([
			['Produce', 0, 1],
			['Dairy', 0, 1],
			[ADDED_AREA, 1, 2]
		]);
	});

	it('leaves out what the catalog does not know and returns the walk itself unchanged', () => {
		expect(withAdded(walk, ['zz', 'b'], catalog)).toEqual(walk);
		expect(walk).toHaveLength(2);
	});
});
