// Meals: components, the cost rollup cache, food cost %, flags for unpriced components.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { createLocation, createUser, type TestUser } from '../support/auth';
import { caller } from '../support/api';

const base = inject('baseUrl');
const sql = connect(inject('databaseUrl'), { max: 2 });
afterAll(() => sql.end());

let admin: TestUser, manager: TestUser, staff: TestUser;
let vendorId: string;

const call = caller(base);

async function item(unit: string, packPrice?: number, perPack = 1) {
	const sku = `M-${randomBytes(4).toString('hex')}`;
	const [i] = await sql<{ id: string }[]>`
		insert into items (sku, name, unit) values (${sku}, ${'Item ' + sku}, ${unit}) returning id`;
	if (packPrice !== undefined) {
		const r = await call('PUT', `/api/v1/vendors/${vendorId}/items/${i.id}`, admin, {
			price_cents: packPrice,
			units_per_pack: perPack,
			preferred: true
		});
		expect(r.status).toBe(201);
	}
	return i.id;
}
const name = () => `Meal ${randomBytes(3).toString('hex')}`;

beforeAll(async () => {
	const here = await createLocation(sql);
	admin = await createUser(sql, 'admin');
	manager = await createUser(sql, 'manager', [here.id]);
	staff = await createUser(sql, 'staff', [here.id]);
	const v = await call('POST', '/api/v1/vendors', admin, { name: `Meals V ${randomUUID()}` });
	vendorId = (await v.json()).id;
});

describe('meals', () => {
	it('cost = sum of component costs (quantity in item unit, yield), food cost % of the price', async () => {
		const chicken = await item('lb', 15_560, 40); // 389 per lb
		const rice = await item('kg', 2_000, 10); // 200 per kg
		const r = await call('POST', '/api/v1/meals', admin, {
			name: name(),
			description: 'Arroz con pollo',
			price_cents: 1500,
			components: [
				{ item_id: chicken, quantity: 0.5, yield_pct: 80 },
				{ item_id: rice, quantity: 0.2 }
			]
		});
		expect(r.status).toBe(201);
		const m = await r.json();
		// 389 * 0.5 / 0.8 = 243.125 → 243; 200 * 0.2 = 40
		expect(m).toMatchObject({
			price_cents: 1500,
			unit_cost_cents: 283,
			cost_complete: true,
			priced_cost_cents: 283,
			unpriced_components: 0,
			food_cost_pct: 18.9,
			cost_flags: []
		});
		expect(m.components).toEqual([
			expect.objectContaining({
				item_id: chicken,
				unit: 'lb',
				quantity: 0.5,
				yield_pct: 80,
				priced: true,
				item_unit_cost_cents: 389,
				cost_cents: 243
			}),
			expect.objectContaining({
				item_id: rice,
				quantity: 0.2,
				yield_pct: 100,
				item_unit_cost_cents: 200,
				cost_cents: 40
			})
		]);

		// A price change of an ingredient moves the meal's cost in the same request.
		await call('PUT', `/api/v1/vendors/${vendorId}/items/${rice}`, admin, {
			price_cents: 3_000,
			units_per_pack: 10
		});
		const after = await (await call('GET', `/api/v1/meals/${m.id}`, staff)).json();
		expect(after.unit_cost_cents).toBe(243 + 60);
		expect(after.cost_history.map((h: { unit_cost_cents: number }) => h.unit_cost_cents)).toEqual([
			303, 283
		]);
		const [row] = await sql`select unit_cost_cents from meals where id = ${m.id}`;
		expect(row.unit_cost_cents).toBe(303);
	});

	it('a meal with an unpriced component is flagged, never free', async () => {
		const priced = await item('each', 100, 1);
		const unpriced = await item('each');
		const r = await call('POST', '/api/v1/meals', admin, {
			name: name(),
			price_cents: 900,
			components: [
				{ item_id: priced, quantity: 2 },
				{ item_id: unpriced, quantity: 1 }
			]
		});
		const m = await r.json();
		expect(m).toMatchObject({
			unit_cost_cents: null,
			cost_complete: false,
			priced_cost_cents: 200,
			unpriced_components: 1,
			food_cost_pct: null
		});
		expect(m.components[1]).toMatchObject({
			priced: false,
			item_unit_cost_cents: null,
			cost_cents: null
		});
		// No components at all: unknown cost too.
		const empty = await (
			await call('POST', '/api/v1/meals', admin, { name: name(), price_cents: 100 })
		).json();
		expect(empty).toMatchObject({ unit_cost_cents: null, cost_complete: false, components: [] });

		// Pricing the missing item completes the meal.
		await call('PUT', `/api/v1/vendors/${vendorId}/items/${unpriced}`, admin, {
			price_cents: 50,
			preferred: true
		});
		const now = await (await call('GET', `/api/v1/meals/${m.id}`, admin)).json();
		expect(now).toMatchObject({ unit_cost_cents: 250, cost_complete: true, food_cost_pct: 27.8 });
	});

	it('PUT replaces components and recomputes; DELETE removes; audited', async () => {
		const a = await item('each', 100, 1);
		const b = await item('each', 300, 1);
		const m = await (
			await call('POST', '/api/v1/meals', admin, {
				name: name(),
				price_cents: 1000,
				components: [{ item_id: a, quantity: 1 }]
			})
		).json();
		const put = await call('PUT', `/api/v1/meals/${m.id}`, admin, {
			price_cents: 1200,
			components: [
				{ item_id: a, quantity: 2 },
				{ item_id: b, quantity: 1 }
			]
		});
		expect(put.status).toBe(200);
		expect(await put.json()).toMatchObject({
			name: m.name,
			price_cents: 1200,
			unit_cost_cents: 500,
			food_cost_pct: 41.7
		});
		const [audit] = await sql`select action, before->>'unit_cost_cents' as before,
			after->>'unit_cost_cents' as after from audit_log
			where entity = 'meal' and entity_id = ${m.id} order by id desc limit 1`;
		expect(audit).toEqual({ action: 'update', before: '100', after: '500' });
		const list = await (await call('GET', '/api/v1/meals', manager)).json();
		expect(list.find((x: { id: string }) => x.id === m.id).unit_cost_cents).toBe(500);

		expect((await call('DELETE', `/api/v1/meals/${m.id}`, admin)).status).toBe(204);
		expect((await call('GET', `/api/v1/meals/${m.id}`, admin)).status).toBe(404);
		expect((await call('PUT', `/api/v1/meals/${m.id}`, admin, { price_cents: 1 })).status).toBe(
			404
		);
	});

	it('bad input: 400 with a message, nothing written; gates', async () => {
		const a = await item('each', 100, 1);
		const before = await sql`select count(*)::int as n from meals`;
		for (const body of [
			{ name: '', price_cents: 1 },
			{ name: name(), price_cents: -5 },
			{ name: name(), price_cents: 1, components: [{ item_id: a, quantity: 0 }] },
			{ name: name(), price_cents: 1, components: [{ item_id: a, quantity: 1, yield_pct: 0 }] },
			{ name: name(), price_cents: 1, components: [{ item_id: a, quantity: 1, yield_pct: 120 }] },
			{
				name: name(),
				price_cents: 1,
				components: [
					{ item_id: a, quantity: 1 },
					{ item_id: a, quantity: 2 }
				]
			},
			{ name: name(), price_cents: 1, components: [{ item_id: randomUUID(), quantity: 1 }] }
		]) {
			const r = await call('POST', '/api/v1/meals', admin, body);
			expect(r.status, JSON.stringify(body)).toBe(400);
			expect((await r.text()).length).toBeGreaterThan(0);
		}
		expect(await sql`select count(*)::int as n from meals`).toEqual(before);
		const dupName = name();
		await call('POST', '/api/v1/meals', admin, { name: dupName, price_cents: 1 });
		expect(
			(await call('POST', '/api/v1/meals', admin, { name: dupName, price_cents: 1 })).status
		).toBe(409);
		for (const who of [staff, manager]) {
			expect(
				(await call('POST', '/api/v1/meals', who, { name: name(), price_cents: 1 })).status
			).toBe(403);
		}
		expect((await call('GET', '/api/v1/meals')).status).toBe(401);
		expect((await call('GET', '/api/v1/meals/nope', admin)).status).toBe(404);
	});
});
