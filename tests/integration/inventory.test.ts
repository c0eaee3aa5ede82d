// Contract tests for the inventory routes: items, pars, set-quantity / adjust / waste, the
// inventory reads, movements, and the usage and low-stock reports (JSON and CSV).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { parseCsv } from '../../src/lib/server/inventory/csv';
import * as ledger from '../../src/lib/server/inventory/ledger';
import { createLocation, createUser, type TestUser } from '../support/auth';
import { caller } from '../support/api';

const base = inject('baseUrl');
const sql = connect(inject('databaseUrl'), { max: 4 });
afterAll(() => sql.end());

let here: { id: string };
let there: { id: string };
let admin: TestUser, manager: TestUser, staff: TestUser, outsider: TestUser;
let storeId: string, store2Id: string, farStoreId: string;

const call = caller(base);

async function mkItem(over: Record<string, unknown> = {}) {
	const r = await call('POST', '/api/v1/items', admin, {
		sku: `SKU-${randomUUID().slice(0, 8)}`,
		name: 'Chicken thigh, boneless',
		unit: 'lb',
		unit_cost_cents: 389,
		...over
	});
	expect(r.status).toBe(201);
	return (await r.json()) as { id: string; sku: string; name: string };
}

const count = async (table: string) =>
	(await sql.unsafe(`select count(*)::int as n from ${table}`))[0].n as number;

beforeAll(async () => {
	here = await createLocation(sql);
	there = await createLocation(sql);
	admin = await createUser(sql, 'admin');
	manager = await createUser(sql, 'manager', [here.id]);
	staff = await createUser(sql, 'staff', [here.id]);
	outsider = await createUser(sql, 'manager', [there.id]);
	const mk = async (loc: string, name: string) =>
		(
			await sql`insert into stores (location_id, name, kind) values (${loc}, ${name}, 'walk_in') returning id`
		)[0].id as string;
	storeId = await mk(here.id, 'Walk-in');
	store2Id = await mk(here.id, 'Dry store');
	farStoreId = await mk(there.id, 'Far walk-in');
});

describe('items (catalog)', () => {
	it('admin creates, reads, updates; sku is unique (409 names it); writes are audited', async () => {
		// Unique per run: the demo seed (seed.test.ts, same database) owns the real SKU.
		const SKU = `PRO-CHK-THGH-${randomUUID().slice(0, 6)}`;
		const item = await mkItem({ sku: SKU });
		expect(item).toMatchObject({ sku: SKU, unit: 'lb', unit_cost_cents: 389 });
		const dup = await call('POST', '/api/v1/items', admin, {
			sku: SKU,
			name: 'x',
			unit: 'lb'
		});
		expect(dup.status).toBe(409);
		expect(await dup.text()).toContain(SKU);
		expect((await call('GET', `/api/v1/items/${item.id}`, staff)).status).toBe(200);
		const list = await (await call('GET', '/api/v1/items?q=thgh', staff)).json();
		expect(list.map((i: { id: string }) => i.id)).toContain(item.id);
		const other = await mkItem();
		const clash = await call('PUT', `/api/v1/items/${other.id}`, admin, { sku: SKU });
		expect(clash.status).toBe(409);
		expect(await clash.text()).toContain(SKU);
		const put = await call('PUT', `/api/v1/items/${item.id}`, admin, {
			name: 'Thigh',
			price_cents: null
		});
		expect(put.status).toBe(200);
		expect(await put.json()).toMatchObject({
			name: 'Thigh',
			sku: SKU,
			price_cents: null
		});
		const [a] =
			await sql`select action, before->>'name' as before, after->>'name' as after from audit_log
			where entity = 'item' and entity_id = ${item.id} order by id desc limit 1`;
		expect(a).toEqual({ action: 'update', before: 'Chicken thigh, boneless', after: 'Thigh' });
	});

	it('writes are admin only; bad input is 400 with a message', async () => {
		for (const who of [manager, staff]) {
			expect(
				(await call('POST', '/api/v1/items', who, { sku: 'x', name: 'x', unit: 'x' })).status
			).toBe(403);
		}
		const bad = await call('POST', '/api/v1/items', admin, {
			sku: '',
			name: 'x',
			unit: 'kg',
			unit_cost_cents: -1
		});
		expect(bad.status).toBe(400);
		expect(await bad.text()).toMatch(/sku: .*unit_cost_cents: /);
		expect((await call('GET', '/api/v1/items/not-a-uuid', admin)).status).toBe(404);
		expect((await call('GET', `/api/v1/items/${randomUUID()}`, admin)).status).toBe(404);
	});

	it('delete: an item without movements goes; one with movements is refused with 409', async () => {
		const fresh = await mkItem();
		expect((await call('DELETE', `/api/v1/items/${fresh.id}`, admin)).status).toBe(204);
		expect((await call('GET', `/api/v1/items/${fresh.id}`, admin)).status).toBe(404);
		const used = await mkItem();
		await call('PUT', `/api/v1/stores/${storeId}/items/${used.id}`, staff, {
			quantity: 3,
			reason: 'receive'
		});
		const r = await call('DELETE', `/api/v1/items/${used.id}`, admin);
		expect(r.status).toBe(409);
		expect(await r.text()).toMatch(/stock movement/);
		expect((await call('GET', `/api/v1/items/${used.id}`, admin)).status).toBe(200);
	});
});

describe('set-quantity, adjust, waste', () => {
	it('set-quantity writes the level and a movement with the delta', async () => {
		const item = await mkItem();
		const r = await call('PUT', `/api/v1/stores/${storeId}/items/${item.id}`, staff, {
			quantity: 12.5,
			reason: 'receive'
		});
		expect(r.status).toBe(200);
		const body = await r.json();
		expect(body.level).toMatchObject({ store_id: storeId, item_id: item.id, quantity: 12.5 });
		expect(body.movement).toMatchObject({
			delta: 12.5,
			quantity_after: 12.5,
			reason: 'receive',
			actor_id: staff.id
		});
		const r2 = await call('PUT', `/api/v1/stores/${storeId}/items/${item.id}`, manager, {
			quantity: 10,
			reason: 'count_correction',
			note: 'Monday count'
		});
		expect((await r2.json()).movement).toMatchObject({
			delta: -2.5,
			quantity_after: 10,
			note: 'Monday count'
		});
	});

	it('adjust writes a signed non-zero delta; below zero is refused with 409 naming the level', async () => {
		const item = await mkItem();
		const up = await call('POST', `/api/v1/items/${item.id}/stores/${storeId}/adjust`, staff, {
			delta: 4
		});
		expect(up.status).toBe(201);
		expect((await up.json()).level.quantity).toBe(4);
		const down = await call('POST', `/api/v1/items/${item.id}/stores/${storeId}/adjust`, staff, {
			delta: -1.5,
			note: 'dropped'
		});
		expect((await down.json()).movement).toMatchObject({
			delta: -1.5,
			quantity_after: 2.5,
			reason: 'adjust'
		});
		const before = await count('stock_movements');
		const neg = await call('POST', `/api/v1/items/${item.id}/stores/${storeId}/adjust`, staff, {
			delta: -3
		});
		expect(neg.status).toBe(409);
		expect(await neg.text()).toMatch(/2\.5 on hand/);
		expect(await count('stock_movements')).toBe(before);
	});

	it('waste needs a store and one of the five waste reasons; it lowers the level', async () => {
		const item = await mkItem();
		await call('PUT', `/api/v1/stores/${storeId}/items/${item.id}`, staff, {
			quantity: 10,
			reason: 'receive'
		});
		const w = await call('POST', `/api/v1/items/${item.id}/waste`, staff, {
			store_id: storeId,
			quantity: 2.25,
			waste_reason: 'over_prep'
		});
		expect(w.status).toBe(201);
		expect((await w.json()).movement).toMatchObject({
			reason: 'waste',
			waste_reason: 'over_prep',
			delta: -2.25,
			quantity_after: 7.75
		});
		for (const bad of [
			{ store_id: storeId, quantity: 1 },
			{ store_id: storeId, quantity: 1, waste_reason: 'dropped' },
			{ quantity: 1, waste_reason: 'spoiled' },
			{ store_id: storeId, quantity: 0, waste_reason: 'spoiled' },
			{ store_id: storeId, quantity: -1, waste_reason: 'spoiled' }
		]) {
			const r = await call('POST', `/api/v1/items/${item.id}/waste`, staff, bad);
			expect(r.status, JSON.stringify(bad)).toBe(400);
			expect((await r.text()).length).toBeGreaterThan(0);
		}
	});

	it('NaN, Infinity, negative set-quantity, zero delta, unknown reasons, >4 decimals: 400, nothing written', async () => {
		const item = await mkItem();
		const before = await count('stock_movements');
		const set = `/api/v1/stores/${storeId}/items/${item.id}`;
		const adj = `/api/v1/items/${item.id}/stores/${storeId}/adjust`;
		const cases: [string, string, unknown][] = [
			['PUT', set, '{"quantity": NaN, "reason": "adjust"}'],
			['PUT', set, '{"quantity": Infinity, "reason": "adjust"}'],
			['PUT', set, { quantity: 'NaN', reason: 'adjust' }],
			['PUT', set, { quantity: 1e15, reason: 'adjust' }],
			['PUT', set, '{"quantity": 1e309, "reason": "adjust"}'],
			['PUT', set, { quantity: -1, reason: 'adjust' }],
			['PUT', set, { quantity: 1, reason: 'waste' }],
			['PUT', set, { quantity: 1, reason: 'stolen' }],
			['PUT', set, { quantity: 1.00001, reason: 'adjust' }],
			['POST', adj, { delta: 0 }],
			['POST', adj, { delta: 1, reason: 'stolen' }],
			['POST', adj, { delta: null }],
			['POST', adj, { delta: 1, client_id: 'not-a-uuid' }]
		];
		for (const [m, p, b] of cases) {
			const r = await call(m, p, staff, b);
			expect(r.status, `${m} ${JSON.stringify(b)}`).toBe(400);
			expect((await r.text()).length).toBeGreaterThan(0);
		}
		expect(await count('stock_movements')).toBe(before);
	});

	it('scope: writes to a store outside the caller campus are 403; unknown store/item 404', async () => {
		const item = await mkItem();
		const before = await count('stock_movements');
		expect(
			(
				await call('PUT', `/api/v1/stores/${farStoreId}/items/${item.id}`, staff, {
					quantity: 1,
					reason: 'receive'
				})
			).status
		).toBe(403);
		expect(
			(
				await call('POST', `/api/v1/items/${item.id}/stores/${farStoreId}/adjust`, manager, {
					delta: 1
				})
			).status
		).toBe(403);
		expect(
			(
				await call('POST', `/api/v1/items/${item.id}/waste`, staff, {
					store_id: farStoreId,
					quantity: 1,
					waste_reason: 'spoiled'
				})
			).status
		).toBe(403);
		expect(
			(
				await call('PUT', `/api/v1/stores/${randomUUID()}/items/${item.id}`, admin, {
					quantity: 1,
					reason: 'receive'
				})
			).status
		).toBe(404);
		expect(
			(
				await call('PUT', `/api/v1/stores/${storeId}/items/${randomUUID()}`, admin, {
					quantity: 1,
					reason: 'receive'
				})
			).status
		).toBe(404);
		expect(await count('stock_movements')).toBe(before);
	});

	it('the same client_id twice writes once (201 then 200 with the same movement)', async () => {
		const item = await mkItem();
		const client_id = randomUUID();
		const a = await call('POST', `/api/v1/items/${item.id}/stores/${storeId}/adjust`, staff, {
			delta: 3,
			client_id
		});
		const b = await call('POST', `/api/v1/items/${item.id}/stores/${storeId}/adjust`, staff, {
			delta: 3,
			client_id
		});
		expect([a.status, b.status]).toEqual([201, 200]);
		const [ja, jb] = [await a.json(), await b.json()];
		expect(jb.movement.id).toBe(ja.movement.id);
		expect(jb.level.quantity).toBe(3);
		// Concurrently, through the API.
		const id2 = randomUUID();
		const rs = await Promise.all(
			Array.from({ length: 6 }, () =>
				call('POST', `/api/v1/items/${item.id}/stores/${storeId}/adjust`, staff, {
					delta: 1,
					client_id: id2
				})
			)
		);
		expect(rs.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
		const [{ n }] =
			await sql`select count(*)::int as n from stock_movements where client_id = ${id2}`;
		expect(n).toBe(1);
	});

	it('a change is emitted on inventory:{locationId}', async () => {
		const item = await mkItem();
		await call('POST', `/api/v1/items/${item.id}/stores/${storeId}/adjust`, staff, { delta: 7 });
		const [e] =
			await sql`select type, payload from events where channel = ${'inventory:' + here.id} order by seq desc limit 1`;
		expect(e).toMatchObject({
			type: 'stock.level',
			payload: { item_id: item.id, store_id: storeId, quantity: 7 }
		});
	});
});

describe('inventory reads and pars', () => {
	it('store, location and item inventory; pars set by managers of the location', async () => {
		// A name no other test file (nor the demo seed's "Ají amarillo paste") shares.
		const tag = randomUUID().slice(0, 6);
		const item = await mkItem({ name: `Ají amarillo ${tag}` });
		await call('PUT', `/api/v1/stores/${storeId}/items/${item.id}`, staff, {
			quantity: 3,
			reason: 'receive'
		});
		await call('PUT', `/api/v1/stores/${store2Id}/items/${item.id}`, staff, {
			quantity: 2,
			reason: 'receive'
		});
		const par = `/api/v1/locations/${here.id}/items/${item.id}/par`;
		expect((await call('PUT', par, staff, { par_level: 10 })).status).toBe(403);
		expect((await call('PUT', par, outsider, { par_level: 10 })).status).toBe(403);
		expect((await call('PUT', par, manager, { par_level: 10, reorder_point: 12 })).status).toBe(
			400
		);
		const p = await call('PUT', par, manager, { par_level: 10, reorder_point: 6 });
		expect(p.status).toBe(200);
		expect(await p.json()).toMatchObject({
			item_id: item.id,
			location_id: here.id,
			par_level: 10,
			reorder_point: 6
		});
		const pars = await (await call('GET', `/api/v1/locations/${here.id}/pars`, staff)).json();
		expect(pars.pars.find((x: { item_id: string }) => x.item_id === item.id)).toMatchObject({
			par_level: 10
		});

		const st = await (
			await call(
				'GET',
				`/api/v1/stores/${storeId}/inventory?q=${encodeURIComponent(`ají amarillo ${tag}`)}`,
				staff
			)
		).json();
		expect(st.store_id).toBe(storeId);
		expect(st.items).toHaveLength(1);
		expect(st.items[0]).toMatchObject({
			item_id: item.id,
			quantity: 3,
			par_level: 10,
			reorder_point: 6,
			low: true
		});
		const loc = await (await call('GET', `/api/v1/locations/${here.id}/inventory`, manager)).json();
		const line = loc.items.find((x: { item_id: string }) => x.item_id === item.id);
		expect(line).toMatchObject({ quantity: 5, par_level: 10, low: true });
		expect(line.stores).toHaveLength(2);
		const inv = await (await call('GET', `/api/v1/items/${item.id}/inventory`, staff)).json();
		expect(inv.item_id).toBe(item.id);
		expect(inv.stores.map((s: { store_id: string }) => s.store_id).sort()).toEqual(
			[storeId, store2Id].sort()
		);
		const all = await (await call('GET', `/api/v1/items/${item.id}/inventory`, admin)).json();
		expect(all.stores.map((s: { store_id: string }) => s.store_id)).toContain(farStoreId);

		// Out of scope: empty lists and 404 for a store.
		expect(
			(await (await call('GET', `/api/v1/locations/${here.id}/inventory`, outsider)).json()).items
		).toEqual([]);
		expect(
			(
				await (await call('GET', `/api/v1/items/${item.id}/inventory`, outsider)).json()
			).stores.every((s: { store_id: string }) => s.store_id === farStoreId)
		).toBe(true);
		expect((await call('GET', `/api/v1/stores/${storeId}/inventory`, outsider)).status).toBe(404);
		// A location that does not exist is a 404 for anyone, not an empty list.
		const ghost = await call('GET', `/api/v1/locations/${randomUUID()}/inventory`, admin);
		expect(ghost.status).toBe(404);
		expect(await ghost.text()).toMatch(/location not found/i);

		// The par is the location's: with 3 here and 6 in the dry store the location holds 9,
		// above the reorder point of 6, so the store's line is not low either.
		await call('POST', `/api/v1/items/${item.id}/stores/${store2Id}/adjust`, staff, { delta: 4 });
		const after = await (
			await call('GET', `/api/v1/stores/${storeId}/inventory?q=${encodeURIComponent(tag)}`, staff)
		).json();
		expect(after.items[0]).toMatchObject({ quantity: 3, location_quantity: 9, low: false });

		expect((await call('DELETE', par, manager)).status).toBe(204);
		expect((await call('DELETE', par, manager)).status).toBe(404);
	});
});

describe('movements', () => {
	it('newest first, paginated with limit/before, filterable by item and reason', async () => {
		const a = await mkItem();
		const b = await mkItem();
		for (let i = 1; i <= 5; i++) {
			await call('POST', `/api/v1/items/${a.id}/stores/${store2Id}/adjust`, staff, { delta: i });
		}
		await call('POST', `/api/v1/items/${b.id}/stores/${store2Id}/adjust`, staff, {
			delta: 9,
			reason: 'receive'
		});
		await call('POST', `/api/v1/items/${a.id}/waste`, staff, {
			store_id: store2Id,
			quantity: 1,
			waste_reason: 'expired'
		});
		const p1 = await (
			await call('GET', `/api/v1/stores/${store2Id}/movements?item_id=${a.id}&limit=4`, staff)
		).json();
		expect(p1.movements).toHaveLength(4);
		expect(p1.movements[0]).toMatchObject({
			reason: 'waste',
			waste_reason: 'expired',
			item_name: a.name,
			actor_id: staff.id
		});
		expect(p1.movements.slice(1).map((m: { delta: number }) => m.delta)).toEqual([5, 4, 3]);
		expect(p1.next_before).toBe(p1.movements[3].id);
		const p2 = await (
			await call(
				'GET',
				`/api/v1/stores/${store2Id}/movements?item_id=${a.id}&limit=4&before=${p1.next_before}`,
				staff
			)
		).json();
		expect(p2.movements.map((m: { delta: number }) => m.delta)).toEqual([2, 1]);
		expect(p2.next_before).toBeNull();
		const rec = await (
			await call('GET', `/api/v1/stores/${store2Id}/movements?reason=receive`, staff)
		).json();
		expect(rec.movements.every((m: { reason: string }) => m.reason === 'receive')).toBe(true);
		expect(rec.movements.map((m: { item_id: string }) => m.item_id)).toContain(b.id);
		expect(
			(await call('GET', `/api/v1/stores/${store2Id}/movements?reason=stolen`, staff)).status
		).toBe(400);
		expect((await call('GET', `/api/v1/stores/${store2Id}/movements?limit=0`, staff)).status).toBe(
			400
		);
		expect((await call('GET', `/api/v1/stores/${store2Id}/movements`, outsider)).status).toBe(404);
	});
});

describe('usage report', () => {
	let storeU: string;
	let chicken: { id: string }, oil: { id: string };
	beforeAll(async () => {
		storeU = (
			await sql`insert into stores (location_id, name) values (${here.id}, 'Usage store') returning id`
		)[0].id;
		chicken = await mkItem({ name: 'Chicken thigh, boneless', unit_cost_cents: 389 });
		oil = await mkItem({ name: '=HYPERLINK("x"), oil', unit: 'l', unit_cost_cents: 250 });
		await call('POST', `/api/v1/items/${chicken.id}/stores/${storeU}/adjust`, staff, {
			delta: 43,
			reason: 'receive'
		});
		await call('POST', `/api/v1/items/${chicken.id}/waste`, staff, {
			store_id: storeU,
			quantity: 4.5,
			waste_reason: 'spoiled'
		});
		await call('POST', `/api/v1/items/${oil.id}/stores/${storeU}/adjust`, staff, {
			delta: 2,
			reason: 'receive'
		});
		// One movement outside the window (three days ago is before `from`), written through the
		// ledger as an offline replay would, so its daily usage total lands on that day too.
		await sql.begin((tx) =>
			ledger.move(tx, null, {
				storeId: storeU,
				itemId: oil.id,
				delta: -0.5,
				reason: 'adjust',
				at: new Date(Date.now() - 3 * 86_400_000)
			})
		);
	});
	const today = () => new Date().toISOString().slice(0, 10);

	it('rolls up by item and reason (JSON shape of the reference)', async () => {
		const r = await call(
			'GET',
			`/api/v1/stores/${storeU}/usage?from=${today()}&to=${today()}`,
			staff
		);
		expect(r.status).toBe(200);
		const j = await r.json();
		expect(j.from).toBe(`${today()}T00:00:00Z`);
		expect(j.to).toBe(`${today()}T23:59:59Z`);
		expect(j.reasons).toEqual(['waste', 'adjust', 'count_correction', 'receive']);
		const c = j.rows.find((x: { item_id: string }) => x.item_id === chicken.id);
		expect(c).toEqual({
			item_id: chicken.id,
			item_name: 'Chicken thigh, boneless',
			unit: 'lb',
			unit_cost_cents: 389,
			total_used: 47.5,
			by_reason: { receive: 43, adjust: 0, waste: 4.5, count_correction: 0 },
			value_used_cents: 18478
		});
		const o = j.rows.find((x: { item_id: string }) => x.item_id === oil.id);
		expect(o.by_reason).toEqual({ receive: 2, adjust: 0, waste: 0, count_correction: 0 });
		expect(j.total_value_cents).toBe(18478 + 500);
		const w = await (
			await call(
				'GET',
				`/api/v1/stores/${storeU}/usage?from=${today()}&to=${today()}&reasons=waste`,
				staff
			)
		).json();
		expect(w.reasons).toEqual(['waste']);
		expect(w.rows).toHaveLength(1);
		expect(w.rows[0]).toMatchObject({
			total_used: 4.5,
			by_reason: { waste: 4.5, receive: 0 },
			value_used_cents: 1751
		});
	});

	it('usage/daily (addition): the same window per day, quantities and values at cost', async () => {
		const from = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
		const r = await call(
			'GET',
			`/api/v1/stores/${storeU}/usage/daily?from=${from}&to=${today()}`,
			staff
		);
		expect(r.status).toBe(200);
		const j = await r.json();
		expect(j.from).toBe(`${from}T00:00:00Z`);
		expect(j.reasons).toEqual(['waste', 'adjust', 'count_correction', 'receive']);
		// Days with movements only, oldest first; items of every unit summed as they are, and
		// their values at each item's unit cost (chicken 389, oil 250 cents), rounded per group.
		const none = { spoiled: 0, over_prep: 0, contamination: 0, expired: 0, other: 0 };
		expect(j.days).toEqual([
			{
				day: from,
				by_reason: { waste: 0, adjust: 0.5, count_correction: 0, receive: 0 },
				waste_by_reason: none,
				value_by_reason_cents: { waste: 0, adjust: 125, count_correction: 0, receive: 0 },
				waste_value_by_reason_cents: none
			},
			{
				day: today(),
				by_reason: { waste: 4.5, adjust: 0, count_correction: 0, receive: 45 },
				waste_by_reason: { ...none, spoiled: 4.5 },
				value_by_reason_cents: { waste: 1751, adjust: 0, count_correction: 0, receive: 17227 },
				waste_value_by_reason_cents: { ...none, spoiled: 1751 }
			}
		]);
		// The daily values add up to the usage report's value over the same window.
		const u = await (
			await call('GET', `/api/v1/stores/${storeU}/usage?from=${from}&to=${today()}`, staff)
		).json();
		const sum = j.days.reduce(
			(a: number, d: { value_by_reason_cents: Record<string, number> }) =>
				a + Object.values(d.value_by_reason_cents).reduce((x, y) => x + y, 0),
			0
		);
		expect(sum).toBe(u.total_value_cents);
		// Its filters and errors are the usage report's.
		const w = await (
			await call('GET', `/api/v1/stores/${storeU}/usage/daily?from=${today()}&reasons=waste`, staff)
		).json();
		expect(w.days.map((d: { by_reason: object }) => d.by_reason)).toEqual([
			{ waste: 4.5, adjust: 0, count_correction: 0, receive: 0 }
		]);
		for (const q of ['format=csv', 'from=2026-13-01', `from=${today()}&to=${from}`, 'reasons=x']) {
			const bad = await call('GET', `/api/v1/stores/${storeU}/usage/daily?${q}`, staff);
			expect(bad.status, q).toBe(400);
		}
		expect((await call('GET', `/api/v1/stores/${farStoreId}/usage/daily`, staff)).status).toBe(404);
	});

	// The report sums the ledger's daily totals, which are calendar days of the location's
	// zone: a movement at 23:30 UTC is that day in UTC and the next day in Tokyo.
	it('follows the location when its time zone changes', async () => {
		const loc = await createLocation(sql);
		const [st] =
			await sql`insert into stores (location_id, name) values (${loc.id}, 'Zone store') returning id`;
		const item = await mkItem({ name: `Zone item ${randomUUID()}` });
		const at = new Date('2026-03-10T23:30:00Z');
		await sql.begin((tx) =>
			ledger.move(tx, null, { storeId: st.id, itemId: item.id, delta: 7, reason: 'receive', at })
		);
		const used = async (day: string) => {
			const r = await call('GET', `/api/v1/stores/${st.id}/usage?from=${day}&to=${day}`, admin);
			expect(r.status).toBe(200);
			const j = await r.json();
			return j.rows.map((x: { total_used: number }) => x.total_used);
		};
		expect(await used('2026-03-10')).toEqual([7]);
		expect(await used('2026-03-11')).toEqual([]);
		const r = await call('PUT', `/api/v1/locations/${loc.id}`, admin, { timezone: 'Asia/Tokyo' });
		expect(r.status).toBe(200);
		expect(await used('2026-03-10')).toEqual([]);
		expect(await used('2026-03-11')).toEqual([7]);
	});

	it('CSV: same rows, the documented columns, filename, CRLF, formulas neutralised', async () => {
		const q = `from=${today()}&to=${today()}`;
		const j = await (await call('GET', `/api/v1/stores/${storeU}/usage?${q}`, staff)).json();
		const r = await call('GET', `/api/v1/stores/${storeU}/usage?${q}&format=csv`, staff);
		expect(r.status).toBe(200);
		expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(r.headers.get('content-disposition')).toBe('attachment; filename=usage-report.csv');
		const text = await r.text();
		expect(
			text.startsWith(
				'item_name,unit,total_used,used_waste,used_adjust,used_count_correction,used_receive,unit_cost_cents,value_used_cents\r\n'
			)
		).toBe(true);
		expect(text.endsWith('\r\n')).toBe(true);
		const [, ...rows] = parseCsv(text);
		expect(rows).toHaveLength(j.rows.length);
		rows.forEach((row, i) => {
			const x = j.rows[i];
			const name = x.item_name.startsWith('=') ? `'${x.item_name}` : x.item_name;
			expect(row).toEqual([
				name,
				x.unit,
				String(x.total_used),
				String(x.by_reason.waste),
				String(x.by_reason.adjust),
				String(x.by_reason.count_correction),
				String(x.by_reason.receive),
				String(x.unit_cost_cents),
				String(x.value_used_cents)
			]);
		});
		expect(text).toContain(`"'=HYPERLINK(""x""), oil"`);
	});

	it('400 on format=excel, bad dates, from after to, unknown reasons; 404 out of scope', async () => {
		const u = `/api/v1/stores/${storeU}/usage`;
		for (const q of [
			'format=excel',
			'format=pdf',
			'from=2026-13-01',
			'from=2026-02-30',
			'to=yesterday',
			'from=2026-06-30&to=2026-06-01',
			'reasons=waste,stolen',
			'reasons=',
			'from=2020-01-01&to=2026-01-01'
		]) {
			const r = await call('GET', `${u}?${q}`, staff);
			expect(r.status, q).toBe(400);
			expect((await r.text()).length, q).toBeGreaterThan(0);
		}
		expect((await call('GET', u, outsider)).status).toBe(404);
		expect((await call('GET', u, undefined)).status).toBe(401);
	});
});

describe('low-stock report', () => {
	it('items at or below the reorder point (default par) at a campus; JSON and CSV agree', async () => {
		const loc = await createLocation(sql);
		const [s] =
			await sql`insert into stores (location_id, name) values (${loc.id}, 'Low store') returning id`;
		const low = await mkItem({
			name: 'Chicken thigh, boneless',
			sku: `PRO-${randomUUID().slice(0, 6)}`
		});
		const ok = await mkItem({ name: 'Rice' });
		const edge = await mkItem({ name: '+Lime' });
		const none = await mkItem({ name: 'No par' });
		await call('PUT', `/api/v1/stores/${s.id}/items/${low.id}`, admin, {
			quantity: 12,
			reason: 'receive'
		});
		await call('PUT', `/api/v1/stores/${s.id}/items/${ok.id}`, admin, {
			quantity: 50,
			reason: 'receive'
		});
		await call('PUT', `/api/v1/stores/${s.id}/items/${edge.id}`, admin, {
			quantity: 5,
			reason: 'receive'
		});
		await call('PUT', `/api/v1/stores/${s.id}/items/${none.id}`, admin, {
			quantity: 0,
			reason: 'receive'
		});
		await call('PUT', `/api/v1/locations/${loc.id}/items/${low.id}/par`, admin, { par_level: 60 });
		await call('PUT', `/api/v1/locations/${loc.id}/items/${ok.id}/par`, admin, {
			par_level: 60,
			reorder_point: 20
		});
		await call('PUT', `/api/v1/locations/${loc.id}/items/${edge.id}/par`, admin, {
			par_level: 8,
			reorder_point: 5
		});
		const r = await call('GET', `/api/v1/items/low?location_id=${loc.id}`, admin);
		expect(r.status).toBe(200);
		const j = await r.json();
		expect(j).toEqual({
			low_stock: [
				{
					item_id: low.id,
					item_name: 'Chicken thigh, boneless',
					item_sku: low.sku,
					unit: 'lb',
					current_stock: 12,
					par_level: 60,
					deficit: 48
				},
				{
					item_id: edge.id,
					item_name: '+Lime',
					item_sku: edge.sku,
					unit: 'lb',
					current_stock: 5,
					par_level: 8,
					deficit: 3
				}
			]
		});
		const c = await call('GET', `/api/v1/items/low?location_id=${loc.id}&format=csv`, admin);
		expect(c.headers.get('content-disposition')).toBe('attachment; filename=low-stock-report.csv');
		expect(c.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(parseCsv(await c.text())).toEqual([
			['item_name', 'item_sku', 'unit', 'current_stock', 'par_level', 'deficit'],
			['Chicken thigh, boneless', low.sku, 'lb', '12', '60', '48'],
			["'+Lime", edge.sku, 'lb', '5', '8', '3']
		]);
		expect(
			(await call('GET', `/api/v1/items/low?location_id=${loc.id}&format=excel`, admin)).status
		).toBe(400);
		expect((await call('GET', '/api/v1/items/low', admin)).status).toBe(400);
		expect((await call('GET', '/api/v1/items/low?location_id=nope', admin)).status).toBe(400);
		expect(
			await (await call('GET', `/api/v1/items/low?location_id=${loc.id}`, manager)).json()
		).toEqual({ low_stock: [] });
	});
});
