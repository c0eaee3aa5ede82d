// Purchase orders: campus-scoped CRUD, lines in packs at the vendor's price, the lifecycle.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { createLocation, createUser, type TestUser } from '../support/auth';

const base = inject('baseUrl');
const sql = connect(inject('databaseUrl'), { max: 2 });
afterAll(() => sql.end());

let here: { id: string }, there: { id: string };
let admin: TestUser, manager: TestUser, outsider: TestUser, staff: TestUser;
let vendorId: string, chicken: string, rice: string, unsold: string;

const call = (method: string, path: string, who?: TestUser, body?: unknown) =>
	fetch(base + path, {
		method,
		headers: {
			...(who?.headers ?? {}),
			...(body !== undefined ? { 'content-type': 'application/json' } : {})
		},
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
	});

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
