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
		(select count(*)::int from placements) as placements`;
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
		// The seed writes ~350 ledger movements in one transaction: a budget for embedded PGlite
		// on a loaded machine.
	}, 180_000);
});
