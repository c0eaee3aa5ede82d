import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	changePct,
	componentCost,
	drifted,
	foodCostPct,
	itemCost,
	mealCost,
	packsFor,
	unitCostFromPack
} from './cost';

describe('cost arithmetic', () => {
	it('unit cost from a pack price, half-up to the cent', () => {
		expect(unitCostFromPack(6000, 40)).toBe(150);
		expect(unitCostFromPack(1000, 3)).toBe(333);
		expect(unitCostFromPack(5, 2)).toBe(3);
		expect(() => unitCostFromPack(100, 0)).toThrow();
	});

	it('the item cost is the preferred offer, or unpriced (not free)', () => {
		const a = { vendor_id: 'a', price_cents: 6000, units_per_pack: 40, preferred: false };
		const b = { vendor_id: 'b', price_cents: 5000, units_per_pack: 40, preferred: true };
		expect(itemCost([a, b])).toEqual({ unit_cost_cents: 125, vendor_id: 'b' });
		expect(itemCost([a])).toEqual({ unit_cost_cents: 0, vendor_id: null });
	});

	it('component cost divides by yield; an unpriced component has no cost', () => {
		expect(
			componentCost({ unit_cost_cents: 389, priced: true, quantity: 0.5, yield_pct: 100 })
		).toBe(195);
		expect(componentCost({ unit_cost_cents: 200, priced: true, quantity: 1, yield_pct: 80 })).toBe(
			250
		);
		expect(
			componentCost({ unit_cost_cents: 200, priced: false, quantity: 1, yield_pct: 100 })
		).toBeNull();
	});

	it('a meal costs the sum of its components; any unpriced one (or none at all) flags it', () => {
		const p = (c: number, q = 1) => ({
			unit_cost_cents: c,
			priced: true,
			quantity: q,
			yield_pct: 100
		});
		expect(mealCost([p(100), p(250, 2)])).toEqual({
			unit_cost_cents: 600,
			priced_cost_cents: 600,
			unpriced_components: 0
		});
		expect(mealCost([p(100), { ...p(0), priced: false }])).toEqual({
			unit_cost_cents: null,
			priced_cost_cents: 100,
			unpriced_components: 1
		});
		expect(mealCost([]).unit_cost_cents).toBeNull();
	});

	it('food cost % against the menu price', () => {
		expect(foodCostPct(300, 1000)).toBe(30);
		expect(foodCostPct(333, 1000)).toBe(33.3);
		expect(foodCostPct(null, 1000)).toBeNull();
		expect(foodCostPct(300, 0)).toBeNull();
	});

	it('drift: a change beyond the threshold, never from no price', () => {
		expect(changePct(100, 115)).toBe(15);
		expect(changePct(0, 115)).toBeNull();
		expect(drifted(100, 111, 10)).toBe(true);
		expect(drifted(100, 90, 10)).toBe(false);
		expect(drifted(100, 89, 10)).toBe(true);
		expect(drifted(0, 500, 10)).toBe(false);
	});

	it('packs: whole packs covering the deficit', () => {
		expect(packsFor(48, 40)).toBe(2);
		expect(packsFor(40, 40)).toBe(1);
		expect(packsFor(0.3, 0.1)).toBe(3);
		expect(packsFor(0, 40)).toBe(0);
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 100_000 }),
				fc.integer({ min: 1, max: 1000 }),
				(d, u) => {
					const n = packsFor(d / 10, u / 10);
					return n * (u / 10) >= d / 10 - 1e-9 && (n - 1) * (u / 10) < d / 10;
				}
			)
		);
	});

	it('a meal cost is exactly the sum of the shown component costs', () => {
		const comp = fc.record({
			unit_cost_cents: fc.integer({ min: 0, max: 100_000 }),
			priced: fc.constant(true),
			quantity: fc.integer({ min: 1, max: 100_000 }).map((q) => q / 1000),
			yield_pct: fc.integer({ min: 1, max: 100 })
		});
		fc.assert(
			fc.property(fc.array(comp, { minLength: 1, maxLength: 10 }), (cs) => {
				const sum = cs.reduce((s, c) => s + (componentCost(c) ?? 0), 0);
				return mealCost(cs).unit_cost_cents === sum;
			})
		);
	});
});
