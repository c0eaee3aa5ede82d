// Purchase orders: campus-scoped CRUD, lines in packs at the vendor's price, the lifecycle.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { createLocation, createUser, type TestUser } from '../support/auth';
import { caller } from '../support/api';

const base = inject('baseUrl');
const sql = connect(inject('databaseUrl'), { max: 2 });
afterAll(() => sql.end());

let here: { id: string }, there: { id: string };
let admin: TestUser, manager: TestUser, outsider: TestUser, staff: TestUser;
let vendorId: string, chicken: string, rice: string, unsold: string;

const call = caller(base);

async function item(unit: string) {
	const sku = `PO-${randomBytes(4).toString('hex')}`;
	const [i] = await sql<{ id: string }[]>`
		insert into items (sku, name, unit) values (${sku}, ${'Item ' + sku}, ${unit}) returning id`;
	return i.id;
}

beforeAll(async () => {
	here = await createLocation(sql);
	there = await createLocation(sql);
	admin = await createUser(sql, 'admin');
	manager = await createUser(sql, 'manager', [here.id]);
	outsider = await createUser(sql, 'manager', [there.id]);
	staff = await createUser(sql, 'staff', [here.id]);
	vendorId = (
		await (await call('POST', '/api/v1/vendors', admin, { name: `PO V ${randomUUID()}` })).json()
	).id;
	chicken = await item('lb');
	rice = await item('kg');
	unsold = await item('each');
	await call('PUT', `/api/v1/vendors/${vendorId}/items/${chicken}`, admin, {
		price_cents: 15_560,
		purchase_unit: 'case',
		units_per_pack: 40,
		vendor_sku: 'CHK=40',
		preferred: true
	});
	await call('PUT', `/api/v1/vendors/${vendorId}/items/${rice}`, admin, {
		price_cents: 2_000,
		purchase_unit: 'bag',
		units_per_pack: 10
	});
});

const draft = (who: TestUser, location = here.id) =>
	call('POST', '/api/v1/purchase-orders', who, {
		location_id: location,
		vendor_id: vendorId,
		notes: 'Tuesday delivery',
		lines: [
			{ item_id: chicken, quantity_packs: 2 },
			{ item_id: rice, quantity_packs: 3, unit_price_cents: 1_900 }
		]
	});

describe('purchase orders', () => {
	it('a manager drafts a PO in their campus: lines in packs at the vendor price, totals', async () => {
		const r = await draft(manager);
		expect(r.status).toBe(201);
		const po = await r.json();
		expect(po).toMatchObject({
			location_id: here.id,
			vendor_id: vendorId,
			status: 'draft',
			notes: 'Tuesday delivery',
			created_by: manager.id,
			submitted_at: null,
			total_cents: 2 * 15_560 + 3 * 1_900
		});
		expect(po.lines).toEqual([
			expect.objectContaining({
				item_id: chicken,
				unit: 'lb',
				vendor_sku: 'CHK=40',
				quantity_packs: 2,
				purchase_unit: 'case',
				units_per_pack: 40,
				unit_price_cents: 15_560,
				line_total_cents: 31_120,
				received_packs: 0
			}),
			expect.objectContaining({ item_id: rice, unit_price_cents: 1_900, line_total_cents: 5_700 })
		]);
		const [a] = await sql`select actor_id, location_id from audit_log
			where entity = 'purchase_order' and entity_id = ${po.id} and action = 'create'`;
		expect(a).toEqual({ actor_id: manager.id, location_id: here.id });
		const [e] = await sql`select type, payload from events
			where channel = ${'branch:' + here.id} and type = 'purchase_order:changed'
			order by seq desc limit 1`;
		expect(e.payload).toMatchObject({ id: po.id, status: 'draft' });
	});

	it('scope: reads filtered, writes out of scope 403 and write nothing; staff read only', async () => {
		const po = await (await draft(admin)).json();
		expect((await draft(outsider)).status).toBe(403);
		expect((await draft(staff)).status).toBe(403);
		expect((await call('GET', `/api/v1/purchase-orders/${po.id}`, outsider)).status).toBe(404);
		expect(
			await (await call('GET', `/api/v1/purchase-orders?location_id=${here.id}`, outsider)).json()
		).toEqual([]);
		const mine = await (await call('GET', '/api/v1/purchase-orders', staff)).json();
		expect(mine.length).toBeGreaterThan(0);
		expect(mine.every((p: { location_id: string }) => p.location_id === here.id)).toBe(true);
		expect((await call('GET', `/api/v1/purchase-orders/${po.id}`, staff)).status).toBe(200);
		for (const [m, p, b] of [
			['PUT', `/api/v1/purchase-orders/${po.id}`, { notes: 'mine' }],
			['POST', `/api/v1/purchase-orders/${po.id}/status`, { status: 'submitted' }],
			['DELETE', `/api/v1/purchase-orders/${po.id}`, undefined]
		] as const) {
			expect((await call(m, p, outsider, b)).status, `${m} ${p}`).toBe(403);
			expect((await call(m, p, staff, b)).status, `${m} ${p}`).toBe(403);
		}
		const [row] = await sql`select status, notes from purchase_orders where id = ${po.id}`;
		expect(row).toEqual({ status: 'draft', notes: 'Tuesday delivery' });
		const filtered = await (
			await call('GET', `/api/v1/purchase-orders?status=submitted&location_id=${here.id}`, manager)
		).json();
		expect(filtered.every((p: { status: string }) => p.status === 'submitted')).toBe(true);
		expect((await call('GET', '/api/v1/purchase-orders?status=lost', manager)).status).toBe(400);
	});

	it('bad input: 400 with a message, nothing written', async () => {
		const [{ n: before }] = await sql`select count(*)::int as n from purchase_orders`;
		for (const body of [
			{
				location_id: here.id,
				vendor_id: vendorId,
				lines: [{ item_id: unsold, quantity_packs: 1 }]
			},
			{
				location_id: here.id,
				vendor_id: vendorId,
				lines: [{ item_id: chicken, quantity_packs: 0 }]
			},
			{
				location_id: here.id,
				vendor_id: vendorId,
				lines: [
					{ item_id: chicken, quantity_packs: 1 },
					{ item_id: chicken, quantity_packs: 2 }
				]
			},
			{ location_id: here.id, vendor_id: randomUUID() },
			{ location_id: 'nope', vendor_id: vendorId },
			{ vendor_id: vendorId }
		]) {
			const r = await call('POST', '/api/v1/purchase-orders', admin, body);
			expect(r.status, JSON.stringify(body)).toBe(400);
			expect((await r.text()).length).toBeGreaterThan(0);
		}
		const [{ n: after }] = await sql`select count(*)::int as n from purchase_orders`;
		expect(after).toBe(before);
	});

	it('only drafts are edited or deleted; the lifecycle; invalid transitions are 409', async () => {
		const po = await (await draft(manager)).json();
		const put = await call('PUT', `/api/v1/purchase-orders/${po.id}`, manager, {
			notes: 'Call before',
			lines: [{ item_id: rice, quantity_packs: 5 }]
		});
		expect(put.status).toBe(200);
		expect(await put.json()).toMatchObject({
			notes: 'Call before',
			total_cents: 10_000,
			lines: [
				expect.objectContaining({ item_id: rice, quantity_packs: 5, unit_price_cents: 2_000 })
			]
		});

		const bad = await call('POST', `/api/v1/purchase-orders/${po.id}/status`, manager, {
			status: 'received'
		});
		expect(bad.status).toBe(409);
		expect(await bad.text()).toMatch(/draft .* cannot become received/);
		expect(
			(await call('POST', `/api/v1/purchase-orders/${po.id}/status`, manager, { status: 'bogus' }))
				.status
		).toBe(400);

		const sub = await call('POST', `/api/v1/purchase-orders/${po.id}/status`, manager, {
			status: 'submitted'
		});
		expect(sub.status).toBe(200);
		const submitted = await sub.json();
		expect(submitted.status).toBe('submitted');
		expect(typeof submitted.submitted_at).toBe('string');

		const edit = await call('PUT', `/api/v1/purchase-orders/${po.id}`, manager, { notes: 'late' });
		expect(edit.status).toBe(409);
		expect(await edit.text()).toMatch(/Only drafts/);
		expect((await call('DELETE', `/api/v1/purchase-orders/${po.id}`, manager)).status).toBe(409);
		expect(
			(await call('POST', `/api/v1/purchase-orders/${po.id}/status`, manager, { status: 'draft' }))
				.status
		).toBe(409);

		const cancel = await call('POST', `/api/v1/purchase-orders/${po.id}/status`, manager, {
			status: 'cancelled'
		});
		expect(cancel.status).toBe(200);
		expect((await cancel.json()).status).toBe('cancelled');
		expect(
			(
				await call('POST', `/api/v1/purchase-orders/${po.id}/status`, manager, {
					status: 'submitted'
				})
			).status
		).toBe(409);

		// An empty draft cannot be submitted; a draft can be deleted.
		const empty = await (
			await call('POST', '/api/v1/purchase-orders', manager, {
				location_id: here.id,
				vendor_id: vendorId
			})
		).json();
		const s2 = await call('POST', `/api/v1/purchase-orders/${empty.id}/status`, manager, {
			status: 'submitted'
		});
		expect(s2.status).toBe(409);
		expect((await call('DELETE', `/api/v1/purchase-orders/${empty.id}`, manager)).status).toBe(204);
		expect((await call('GET', `/api/v1/purchase-orders/${empty.id}`, manager)).status).toBe(404);
		const audits = await sql`select action from audit_log where entity = 'purchase_order'
			and entity_id = ${po.id} order by id`;
		expect(audits.map((a) => a.action)).toEqual(['create', 'update', 'status', 'status']);
	});

	it('printable CSV of a PO; unknown format is 400', async () => {
		const po = await (await draft(manager)).json();
		const r = await call('GET', `/api/v1/purchase-orders/${po.id}?format=csv`, staff);
		expect(r.status).toBe(200);
		expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
		expect(r.headers.get('content-disposition')).toMatch(/purchase-order-.*\.csv/);
		const lines = (await r.text()).trim().split('\r\n');
		expect(lines[0]).toBe(
			'item_name,item_sku,vendor_sku,quantity_packs,purchase_unit,units_per_pack,unit,unit_price_cents,line_total_cents'
		);
		expect(lines).toHaveLength(3);
		expect(lines[1]).toContain(',CHK=40,2,case,40,lb,15560,31120');
		expect((await call('GET', `/api/v1/purchase-orders/${po.id}?format=pdf`, staff)).status).toBe(
			400
		);
		expect((await call('GET', '/api/v1/purchase-orders/not-a-uuid', staff)).status).toBe(404);
	});
});

describe('POST /api/v1/purchase-orders/from-low-stock', () => {
	let loc: { id: string };
	let store: string;
	let v2: string;
	const items: Record<string, string> = {};

	async function stock(itemId: string, quantity: number, par: number, reorder?: number) {
		await sql`insert into item_pars (item_id, location_id, par_level, reorder_point)
			values (${itemId}, ${loc.id}, ${par}, ${reorder ?? null})`;
		if (quantity > 0) {
			const r = await call('PUT', `/api/v1/stores/${store}/items/${itemId}`, admin, {
				quantity,
				reason: 'count_correction'
			});
			expect(r.status).toBeLessThan(300);
		}
	}

	beforeAll(async () => {
		loc = await createLocation(sql);
		[{ id: store }] = await sql<{ id: string }[]>`
			insert into stores (location_id, name) values (${loc.id}, 'Walk-in') returning id`;
		v2 = (
			await (await call('POST', '/api/v1/vendors', admin, { name: `V2 ${randomUUID()}` })).json()
		).id;
		for (const k of ['thigh', 'stock', 'lime', 'orphan', 'full', 'atpar'])
			items[k] = await item('lb');
		const offer = (v: string, i: string, units: number, preferred: boolean) =>
			call('PUT', `/api/v1/vendors/${v}/items/${i}`, admin, {
				price_cents: 4_000,
				purchase_unit: units === 1 ? 'each' : 'case',
				units_per_pack: units,
				preferred
			});
		await offer(vendorId, items.thigh, 40, true);
		await offer(vendorId, items.stock, 10, true);
		await offer(v2, items.lime, 1, true);
		await offer(v2, items.orphan, 5, false); // sold, but nobody is preferred
		await offer(vendorId, items.full, 10, true);
		await offer(vendorId, items.atpar, 10, true);
		await stock(items.thigh, 12, 60); // deficit 48 → 2 cases of 40
		await stock(items.stock, 0, 10); // deficit 10 → 1 case of 10 (exactly)
		await stock(items.lime, 1.5, 5); // deficit 3.5 → 4 each
		await stock(items.orphan, 0, 8);
		await stock(items.full, 30, 20); // above par: not low
		await stock(items.atpar, 6, 6, 6); // at the reorder point with nothing missing
	});

	it('drafts one PO per preferred vendor, packs rounded up; unpriced items come back as such', async () => {
		const [{ n: before }] = await sql`select count(*)::int as n from purchase_orders`;
		const r = await call('POST', '/api/v1/purchase-orders/from-low-stock', manager2(), {
			location_id: loc.id
		});
		expect(r.status).toBe(201);
		const out = await r.json();
		expect(Object.keys(out).sort()).toEqual([
			'at_par',
			'purchase_orders',
			'without_preferred_vendor'
		]);
		expect(out.purchase_orders).toHaveLength(2);
		const mine = out.purchase_orders.find((p: { vendor_id: string }) => p.vendor_id === vendorId);
		const theirs = out.purchase_orders.find((p: { vendor_id: string }) => p.vendor_id === v2);
		expect(mine).toMatchObject({ location_id: loc.id, status: 'draft', total_cents: 3 * 4_000 });
		const packs = (po: { lines: { item_id: string; quantity_packs: number }[] }) =>
			Object.fromEntries(po.lines.map((l) => [l.item_id, l.quantity_packs]));
		expect(packs(mine)).toEqual({ [items.thigh]: 2, [items.stock]: 1 });
		expect(packs(theirs)).toEqual({ [items.lime]: 4 });
		expect(theirs.lines[0]).toMatchObject({ purchase_unit: 'each', units_per_pack: 1 });
		expect(out.without_preferred_vendor).toEqual([
			expect.objectContaining({
				item_id: items.orphan,
				current_stock: 0,
				par_level: 8,
				deficit: 8
			})
		]);
		expect(out.at_par.map((x: { item_id: string }) => x.item_id)).toEqual([items.atpar]);
		const [{ n: after }] = await sql`select count(*)::int as n from purchase_orders`;
		expect(after).toBe(before + 2);
		const audits = await sql`select after->>'source' as source, location_id from audit_log
			where entity = 'purchase_order' and action = 'create'
				and entity_id = any(${out.purchase_orders.map((p: { id: string }) => p.id)}::text[])`;
		expect(audits).toEqual([
			{ source: 'low_stock', location_id: loc.id },
			{ source: 'low_stock', location_id: loc.id }
		]);
		// The draft is an ordinary draft: readable, editable, submittable.
		const got = await call('GET', `/api/v1/purchase-orders/${mine.id}`, staff2());
		expect(got.status).toBe(200);
	});

	it('narrows to one vendor or to chosen items; nothing low is 200 with empty lists', async () => {
		const one = await (
			await call('POST', '/api/v1/purchase-orders/from-low-stock', admin, {
				location_id: loc.id,
				vendor_id: v2
			})
		).json();
		expect(one.purchase_orders.map((p: { vendor_id: string }) => p.vendor_id)).toEqual([v2]);
		const chosen = await (
			await call('POST', '/api/v1/purchase-orders/from-low-stock', admin, {
				location_id: loc.id,
				item_ids: [items.thigh]
			})
		).json();
		expect(chosen.purchase_orders).toHaveLength(1);
		expect(chosen.purchase_orders[0].lines.map((l: { item_id: string }) => l.item_id)).toEqual([
			items.thigh
		]);
		expect(chosen.without_preferred_vendor).toEqual([]);
		const empty = await createLocation(sql);
		const r = await call('POST', '/api/v1/purchase-orders/from-low-stock', admin, {
			location_id: empty.id
		});
		expect(r.status).toBe(200);
		expect(await r.json()).toEqual({
			purchase_orders: [],
			without_preferred_vendor: [],
			at_par: []
		});
	});

	it('scope and input: 403 outside the campus or for staff, 400 on bad input; nothing written', async () => {
		const [{ n: before }] = await sql`select count(*)::int as n from purchase_orders`;
		for (const who of [outsider, staff2(), manager]) {
			const r = await call('POST', '/api/v1/purchase-orders/from-low-stock', who, {
				location_id: loc.id
			});
			expect(r.status).toBe(403);
		}
		for (const body of [
			{},
			{ location_id: 'nope' },
			{ location_id: randomUUID() },
			{ location_id: loc.id, vendor_id: randomUUID() },
			{ location_id: loc.id, item_ids: [] },
			{ location_id: loc.id, extra: 1 }
		]) {
			const r = await call('POST', '/api/v1/purchase-orders/from-low-stock', admin, body);
			expect(r.status, JSON.stringify(body)).toBe(400);
			expect((await r.text()).length).toBeGreaterThan(0);
		}
		expect(
			(
				await call('POST', '/api/v1/purchase-orders/from-low-stock', undefined, {
					location_id: loc.id
				})
			).status
		).toBe(401);
		const [{ n: after }] = await sql`select count(*)::int as n from purchase_orders`;
		expect(after).toBe(before);
	});

	// Users of this block's location, made once.
	let m2: TestUser | undefined, s2: TestUser | undefined;
	const manager2 = () => m2!;
	const staff2 = () => s2!;
	beforeAll(async () => {
		m2 = await createUser(sql, 'manager', [loc.id]);
		s2 = await createUser(sql, 'staff', [loc.id]);
	});
});
