import { afterAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { seedDemo } from '../../src/lib/server/demo/seed';

const sql = connect(inject('databaseUrl'), { max: 2 });
afterAll(() => sql.end());

async function counts() {
	const [r] = await sql`select
		(select count(*)::int from locations) as locations,
		(select count(*)::int from dining_tables) as tables,
		(select count(*)::int from stores) as stores,
		(select count(*)::int from items) as items,
		(select count(*)::int from vendors) as vendors,
		(select count(*)::int from meals) as meals,
		(select count(*)::int from placements) as placements,
		(select count(*)::int from vendor_items) as offers,
		(select count(*)::int from vendor_price_history) as price_history,
		(select count(*)::int from purchase_orders) as purchase_orders,
		(select count(*)::int from meal_cost_history) as meal_cost_history`;
	return r;
}

describe('demo seed', () => {
	it('creates downtown-lima with tables 1-12 and a menu, and is idempotent', async () => {
		const first = await seedDemo(sql);
		expect(first.tables).toBe(12);
		const after1 = await counts();
		const second = await seedDemo(sql);
		expect(second.locationId).toBe(first.locationId);
		expect(await counts()).toEqual(after1);
		const codes =
			await sql`select code from dining_tables where location_id = ${first.locationId} order by number`;
		expect(codes.map((r) => r.code)).toEqual(
			Array.from({ length: 12 }, (_, i) => `downtown-lima-${i + 1}`)
		);
		expect(after1.placements).toBeGreaterThan(0);
		// Pars and a few weeks of stock history, written through the ledger.
		const [stock] = await sql`
			select (select count(*)::int from item_pars where location_id = ${first.locationId}) as pars,
				(select count(*)::int from stock_movements where location_id = ${first.locationId}) as moves,
				(select count(distinct created_at::date)::int from stock_movements
				 where location_id = ${first.locationId}) as days`;
		expect(stock.pars).toBe(10);
		expect(stock.moves).toBeGreaterThan(100);
		expect(stock.days).toBeGreaterThanOrEqual(14);
		// Costs through the vendor-item path: every item priced by its preferred pack, meals costed.
		const items = await sql`select i.sku, i.unit_cost_cents, i.unit_cost_vendor_id, vi.price_cents,
				vi.units_per_pack, vi.purchase_unit
			from items i join vendor_items vi on vi.item_id = i.id and vi.preferred
			join item_pars p on p.item_id = i.id and p.location_id = ${first.locationId}`;
		expect(items).toHaveLength(10);
		for (const i of items) {
			expect(i.unit_cost_vendor_id, i.sku).not.toBeNull();
			expect(i.unit_cost_cents, i.sku).toBe(Math.round(i.price_cents / i.units_per_pack));
		}
		expect(items.find((i) => i.sku === 'PRO-CHK-THGH-50')).toMatchObject({
			unit_cost_cents: 389,
			price_cents: 15_560,
			units_per_pack: 40,
			purchase_unit: 'case'
		});
		const meals = Object.fromEntries(
			(
				await sql`select name, unit_cost_cents from meals where name in ('Ceviche clásico', 'Ají de gallina')`
			).map((m) => [m.name, m.unit_cost_cents])
		);
		// 0.4 lb corvina 500 + 6 limes 72 + 0.2 lb onion 18 + 1 oz ají 45.
		expect(meals['Ceviche clásico']).toBe(635);
		expect(meals['Ají de gallina']).toBe(270);
		const pos = await sql`select status from purchase_orders where location_id = ${first.locationId}
			order by status`;
		expect(pos.map((p) => p.status)).toEqual(['draft', 'submitted']);
		// The seed writes ~350 ledger movements in one transaction: a budget for embedded PGlite
		// on a loaded machine.
	}, 180_000);
});
