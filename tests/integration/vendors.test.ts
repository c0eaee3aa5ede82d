// Vendors, their offers (pack price, sku, pack size) and the preferred-vendor cost cache.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { createLocation, createUser, type TestUser } from '../support/auth';
import { caller } from '../support/api';

const base = inject('baseUrl');
const sql = connect(inject('databaseUrl'), { max: 2 });
afterAll(() => sql.end());

let admin: TestUser, manager: TestUser, staff: TestUser;

const call = caller(base);

async function item(unit = 'lb') {
	const sku = `T-${randomBytes(4).toString('hex')}`;
	const [i] = await sql<{ id: string }[]>`
		insert into items (sku, name, unit) values (${sku}, ${'Item ' + sku}, ${unit}) returning id`;
	return i.id;
}
async function vendor(name = `Vendor ${randomBytes(3).toString('hex')}`) {
	const r = await call('POST', '/api/v1/vendors', admin, { name });
	expect(r.status).toBe(201);
	return (await r.json()) as { id: string; name: string };
}
const cost = async (itemId: string) =>
	(
		await sql<{ unit_cost_cents: number; unit_cost_vendor_id: string | null }[]>`
		select unit_cost_cents, unit_cost_vendor_id from items where id = ${itemId}`
	)[0];

beforeAll(async () => {
	const here = await createLocation(sql);
	admin = await createUser(sql, 'admin');
	manager = await createUser(sql, 'manager', [here.id]);
	staff = await createUser(sql, 'staff', [here.id]);
});

describe('vendors', () => {
	it('admin creates, reads, renames, deletes; bad input is a 400 with a message', async () => {
		const name = `Sysco ${randomBytes(3).toString('hex')}`;
		const r = await call('POST', '/api/v1/vendors', admin, {
			name,
			contact_email: 'orders@sysco.example',
			phone: '+51 1 555 0100'
		});
		expect(r.status).toBe(201);
		const v = await r.json();
		expect(v).toMatchObject({
			name,
			contact_email: 'orders@sysco.example',
			phone: '+51 1 555 0100'
		});
		expect(v.id).toMatch(/^[0-9a-f-]{36}$/);
		expect(typeof v.created_at).toBe('string');

		const bad = await call('POST', '/api/v1/vendors', admin, { name: '', contact_email: 'nope' });
		expect(bad.status).toBe(400);
		expect(await bad.text()).toMatch(/name: .*; contact_email: /);
		const dup = await call('POST', '/api/v1/vendors', admin, { name: name.toUpperCase() });
		expect(dup.status).toBe(409);
		expect(await dup.text()).toMatch(/already exists/);

		const list = await (await call('GET', '/api/v1/vendors', staff)).json();
		expect(list.some((x: { id: string }) => x.id === v.id)).toBe(true);
		expect(await (await call('GET', `/api/v1/vendors/${v.id}`, manager)).json()).toEqual(v);

		const put = await call('PUT', `/api/v1/vendors/${v.id}`, admin, { phone: null });
		expect(put.status).toBe(200);
		expect(await put.json()).toMatchObject({ name, phone: null, contact_email: v.contact_email });
		const [a] = await sql`select action, actor_id from audit_log
			where entity = 'vendor' and entity_id = ${v.id} order by id desc limit 1`;
		expect(a).toEqual({ action: 'update', actor_id: admin.id });

		expect((await call('DELETE', `/api/v1/vendors/${v.id}`, admin)).status).toBe(204);
		expect((await call('GET', `/api/v1/vendors/${v.id}`, admin)).status).toBe(404);
		expect((await call('DELETE', `/api/v1/vendors/${v.id}`, admin)).status).toBe(404);
		expect((await call('GET', '/api/v1/vendors/not-a-uuid', admin)).status).toBe(404);
	});

	it('only admins write vendors and offers; staff and managers read', async () => {
		const v = await vendor();
		const i = await item();
		for (const who of [staff, manager]) {
			expect(
				(await call('POST', '/api/v1/vendors', who, { name: 'X' + randomUUID() })).status
			).toBe(403);
			expect((await call('PUT', `/api/v1/vendors/${v.id}`, who, { name: 'Y' })).status).toBe(403);
			expect(
				(await call('PUT', `/api/v1/vendors/${v.id}/items/${i}`, who, { price_cents: 1 })).status
			).toBe(403);
			expect((await call('GET', `/api/v1/vendors/${v.id}/items`, who)).status).toBe(200);
		}
		expect((await call('GET', '/api/v1/vendors')).status).toBe(401);
	});
});

describe('vendor items and the preferred-vendor cost cache', () => {
	it('an offer carries pack and sku; preferring it sets the item cost per item unit', async () => {
		const v = await vendor();
		const i = await item('lb');
		const put = await call('PUT', `/api/v1/vendors/${v.id}/items/${i}`, admin, {
			price_cents: 6000,
			vendor_sku: 'SY-40',
			purchase_unit: 'case',
			units_per_pack: 40
		});
		expect(put.status).toBe(201);
		const offer = await put.json();
		expect(offer).toMatchObject({
			vendor_id: v.id,
			vendor_name: v.name,
			item_id: i,
			unit: 'lb',
			price_cents: 6000,
			vendor_sku: 'SY-40',
			purchase_unit: 'case',
			units_per_pack: 40,
			unit_cost_cents: 150,
			preferred: false
		});
		// Not preferred yet: the item has no price (0 with no vendor = unknown, not free).
		expect(await cost(i)).toEqual({ unit_cost_cents: 0, unit_cost_vendor_id: null });

		const pref = await call('POST', `/api/v1/vendors/${v.id}/items/${i}/preferred`, admin);
		expect(pref.status).toBe(200);
		expect(await pref.json()).toMatchObject({ preferred: true, item_unit_cost_cents: 150 });
		expect(await cost(i)).toEqual({ unit_cost_cents: 150, unit_cost_vendor_id: v.id });

		// The preferred vendor's price changes: the cache follows in the same request.
		const again = await call('PUT', `/api/v1/vendors/${v.id}/items/${i}`, admin, {
			price_cents: 6400,
			purchase_unit: 'case',
			units_per_pack: 40
		});
		expect(again.status).toBe(200);
		expect((await again.json()).preferred).toBe(true);
		expect((await cost(i)).unit_cost_cents).toBe(160);
		const hist = await sql`select price_cents, source from vendor_price_history
			where vendor_id = ${v.id} and item_id = ${i} order by id`;
		expect(hist).toEqual([
			{ price_cents: 6000, source: 'manual' },
			{ price_cents: 6400, source: 'manual' }
		]);
	});

	it('switching the preferred vendor, removing it, deleting a vendor: the cache follows', async () => {
		const a = await vendor();
		const b = await vendor();
		const i = await item('each');
		await call('PUT', `/api/v1/vendors/${a.id}/items/${i}`, admin, {
			price_cents: 1200,
			units_per_pack: 12,
			preferred: true
		});
		await call('PUT', `/api/v1/vendors/${b.id}/items/${i}`, admin, {
			price_cents: 900,
			units_per_pack: 12
		});
		expect(await cost(i)).toEqual({ unit_cost_cents: 100, unit_cost_vendor_id: a.id });

		const listed = await (await call('GET', `/api/v1/items/${i}/vendors`, staff)).json();
		expect(
			listed.map((o: { vendor_id: string; preferred: boolean }) => [o.vendor_id, o.preferred])
		).toEqual([
			[a.id, true],
			[b.id, false]
		]);

		await call('POST', `/api/v1/vendors/${b.id}/items/${i}/preferred`, admin);
		expect(await cost(i)).toEqual({ unit_cost_cents: 75, unit_cost_vendor_id: b.id });
		const [{ n }] =
			await sql`select count(*)::int as n from vendor_items where item_id = ${i} and preferred`;
		expect(n).toBe(1);

		expect((await call('DELETE', `/api/v1/vendors/${b.id}/items/${i}`, admin)).status).toBe(204);
		expect(await cost(i)).toEqual({ unit_cost_cents: 0, unit_cost_vendor_id: null });
		expect((await call('DELETE', `/api/v1/vendors/${b.id}/items/${i}`, admin)).status).toBe(404);

		await call('POST', `/api/v1/vendors/${a.id}/items/${i}/preferred`, admin);
		expect((await cost(i)).unit_cost_cents).toBe(100);
		expect((await call('DELETE', `/api/v1/vendors/${a.id}`, admin)).status).toBe(204);
		expect(await cost(i)).toEqual({ unit_cost_cents: 0, unit_cost_vendor_id: null });
		const [audit] = await sql`select after from audit_log
			where entity = 'vendor' and entity_id = ${a.id} and action = 'delete'`;
		expect(audit.after.cost.items).toEqual([
			{ item_id: i, before: 100, after: 0, vendor_before: a.id, vendor_after: null }
		]);
	});

	it('unknown vendor or item is 404; bad offers are 400 and write nothing', async () => {
		const v = await vendor();
		const i = await item();
		expect(
			(await call('PUT', `/api/v1/vendors/${randomUUID()}/items/${i}`, admin, { price_cents: 1 }))
				.status
		).toBe(404);
		expect(
			(
				await call('PUT', `/api/v1/vendors/${v.id}/items/${randomUUID()}`, admin, {
					price_cents: 1
				})
			).status
		).toBe(404);
		expect((await call('POST', `/api/v1/vendors/${v.id}/items/${i}/preferred`, admin)).status).toBe(
			404
		);
		expect((await call('GET', `/api/v1/items/${randomUUID()}/vendors`, admin)).status).toBe(404);
		expect((await call('GET', `/api/v1/vendors/${randomUUID()}/items`, admin)).status).toBe(404);
		for (const body of [
			{ price_cents: -1 },
			{ price_cents: 1.5 },
			{ price_cents: 100, units_per_pack: 0 },
			{ price_cents: 100, purchase_unit: '' },
			{ price_cents: 100, bogus: 1 },
			{}
		]) {
			const r = await call('PUT', `/api/v1/vendors/${v.id}/items/${i}`, admin, body);
			expect(r.status, JSON.stringify(body)).toBe(400);
			expect((await r.text()).length).toBeGreaterThan(0);
		}
		const [{ n }] =
			await sql`select count(*)::int as n from vendor_items where vendor_id = ${v.id}`;
		expect(n).toBe(0);
		expect(await (await call('GET', `/api/v1/vendors/${v.id}/items`, admin)).json()).toEqual([]);
	});

	it('a vendor with purchase orders cannot be deleted (409)', async () => {
		const v = await vendor();
		const loc = await createLocation(sql);
		await sql`insert into purchase_orders (location_id, vendor_id) values (${loc.id}, ${v.id})`;
		const r = await call('DELETE', `/api/v1/vendors/${v.id}`, admin);
		expect(r.status).toBe(409);
		expect(await r.text()).toMatch(/purchase orders/);
	});
});
