import { describe, expect, it } from 'vitest';
import { findings, type HealthDaypart, type HealthPlacement, type Thresholds } from './health';

const T: Thresholds = {
	minEntries: 2,
	soldOutHours: 24,
	foodCostTargetPct: 35,
	outlierFactor: 1.5
};
const NOW = new Date('2026-06-01T12:00:00Z');
const dp = (id: string, starts_at: string, ends_at: string, days = [1, 2, 3, 4, 5, 6, 7]) =>
	({ id, name: id, days, starts_at, ends_at }) satisfies HealthDaypart;
let n = 0;
const pl = (over: Partial<HealthPlacement>): HealthPlacement => ({
	id: `p${String(++n).padStart(3, '0')}`,
	menu_id: 'm1',
	menu_name: 'Carta',
	daypart_id: null,
	kind: 'meal',
	dish_id: `dish${n}`,
	dish_name: `Dish ${n}`,
	price_cents: 1000,
	cost_cents: 300,
	unpriced_components: 0,
	sold_out_at: null,
	...over
});
const codes = (f: { code: string }[]) => f.map((x) => x.code);

describe('menu-health findings', () => {
	it('a healthy menu has none', () => {
		const d = [dp('Lunch', '11:00', '15:00')];
		const p = [pl({ daypart_id: 'Lunch' }), pl({ daypart_id: 'Lunch' })];
		expect(findings(d, p, T, NOW)).toEqual([]);
	});

	it('too few entries in a daypart (all-day dishes count)', () => {
		const d = [dp('Breakfast', '07:00', '11:00'), dp('Lunch', '11:00', '15:00')];
		const p = [
			pl({ daypart_id: 'Lunch' }),
			pl({ daypart_id: 'Lunch' }),
			pl({ daypart_id: 'Breakfast' })
		];
		const f = findings(d, p, T, NOW);
		expect(codes(f)).toEqual(['DAYPART_TOO_FEW_ENTRIES']);
		expect(f[0].entities).toEqual([{ type: 'daypart', id: 'Breakfast', name: 'Breakfast' }]);
		expect(f[0].explanation).toMatch(/Breakfast offers 1 dish; at least 2/);
		const withAllDay = [...p, pl({ daypart_id: null })];
		expect(findings(d, withAllDay, T, NOW)).toEqual([]);
	});

	it('the same dish placed twice where both are live', () => {
		const d = [dp('Lunch', '11:00', '15:00')];
		const a = pl({ daypart_id: 'Lunch', dish_id: 'soup', dish_name: 'Soup' });
		const b = pl({ daypart_id: null, dish_id: 'soup', dish_name: 'Soup' });
		const f = findings(d, [a, b, pl({ daypart_id: 'Lunch' })], T, NOW);
		expect(codes(f)).toEqual(['DUPLICATE_DISH']);
		expect(f[0].entities.map((e) => `${e.type}:${e.id}`)).toEqual([
			'meal:soup',
			`placement:${a.id}`,
			`placement:${b.id}`
		]);
	});

	it('a gap in service hours and an overlap, per weekday, past midnight included', () => {
		const d = [
			dp('Breakfast', '07:00', '10:00'),
			dp('Lunch', '11:00', '15:00'),
			dp('Late', '22:00', '02:00', [5]),
			dp('Dinner', '18:00', '23:00', [5])
		];
		const p = d.flatMap((x) => [pl({ daypart_id: x.id }), pl({ daypart_id: x.id })]);
		const f = findings(d, p, T, NOW);
		const gaps = f.filter((x) => x.code === 'SERVICE_GAP');
		// 10:00–11:00 every day, and on Friday 15:00–18:00 too.
		expect(gaps).toHaveLength(8);
		expect(gaps.map((g) => g.explanation)).toContain(
			'Friday: nothing is served from 15:00 (end of Lunch) to 18:00 (start of Dinner).'
		);
		const overlaps = f.filter((x) => x.code === 'DAYPARTS_OVERLAP');
		expect(overlaps.map((o) => o.explanation)).toEqual([
			'Friday: Late (from 22:00) overlaps Dinner (until 23:00); Late is live while both run.'
		]);
	});

	it('sold out for longer than the limit', () => {
		const old = pl({ sold_out_at: new Date('2026-05-30T12:00:00Z'), dish_name: 'Ceviche' });
		const fresh = pl({ sold_out_at: new Date('2026-06-01T10:00:00Z') });
		const f = findings([], [old, fresh], T, NOW);
		expect(codes(f)).toEqual(['SOLD_OUT_TOO_LONG']);
		expect(f[0].explanation).toMatch(/Ceviche has been sold out for 48 h/);
	});

	it('cost: above target, far above the menu median, and unpriced components', () => {
		const p = [
			pl({ cost_cents: 250 }),
			pl({ cost_cents: 300 }),
			pl({ cost_cents: 280 }),
			pl({ cost_cents: 600, dish_name: 'Lomo' }),
			pl({ cost_cents: null, unpriced_components: 2, dish_name: 'Ají' })
		];
		const f = findings([], p, T, NOW);
		expect(codes(f)).toEqual([
			'UNPRICED_COMPONENTS',
			'FOOD_COST_ABOVE_TARGET',
			'FOOD_COST_OUTLIER'
		]);
		expect(f[1].explanation).toBe('Lomo runs a 60% food cost, above the 35% target.');
		expect(f[2].explanation).toMatch(/more than 1.5× the median of Carta \(29%\)/);
	});

	it('is deterministic: input order does not change the findings', () => {
		const d = [dp('A', '07:00', '10:00'), dp('B', '09:00', '12:00'), dp('C', '13:00', '14:00')];
		const p = [
			pl({ daypart_id: 'A', dish_id: 'x' }),
			pl({ daypart_id: 'A', dish_id: 'x' }),
			pl({ cost_cents: 900 }),
			pl({ sold_out_at: new Date(0) })
		];
		expect(findings([...d].reverse(), [...p].reverse(), T, NOW)).toEqual(findings(d, p, T, NOW));
	});

	it('a delivery that moved a component cost names the dish, the item and its placements', () => {
		const d = [dp('Lunch', '11:00', '15:00')];
		const drift = {
			item_id: 'chicken',
			item_name: 'Chicken',
			change_pct: 13.11,
			receipt_id: 'r1',
			vendor_name: 'Lima Produce',
			received_label: 'Dec 4',
			invoice_number: '1042'
		};
		const p = [
			pl({ daypart_id: 'Lunch', dish_id: 'aji', dish_name: 'Ají de gallina', cost_drift: drift }),
			pl({ daypart_id: null, dish_id: 'aji', dish_name: 'Ají de gallina', cost_drift: drift }),
			pl({ daypart_id: 'Lunch' })
		];
		const f = findings(d, p, T, NOW).filter((x) => x.code === 'COST_DRIFT');
		expect(f).toHaveLength(1);
		expect(f[0].explanation).toBe(
			'A delivery from Lima Produce on Dec 4 (invoice 1042) moved the cost of Chicken by +13.11%: check the price of Ají de gallina.'
		);
		expect(f[0].entities.map((e) => `${e.type}:${e.id}`)).toEqual([
			'meal:aji',
			'item:chicken',
			`placement:${p[0].id}`,
			`placement:${p[1].id}`
		]);
	});
});
