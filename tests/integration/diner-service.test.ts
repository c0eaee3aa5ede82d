// Issue 15, Diner: the location's currency travels to the diner's menu and the live menu; the
// wait screen's reminder and cancel; a waiter call the diner can follow until staff take it.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { createUser, type TestUser } from '../support/auth';

const base = inject('baseUrl');
const sql = connect(inject('databaseUrl'), { max: 4 });
afterAll(() => sql.end());

let locationId: string;
let admin: TestUser;
let staff: TestUser;

function req(
	method: string,
	path: string,
	opts: { who?: TestUser; token?: string; body?: unknown } = {}
) {
	return fetch(base + path, {
		method,
		headers: {
			...(opts.who?.headers ?? {}),
			...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
			...(opts.body !== undefined ? { 'content-type': 'application/json' } : {})
		},
		body: opts.body === undefined ? undefined : JSON.stringify(opts.body)
	});
}

beforeAll(async () => {
	({ locationId } = await seedDemo(sql));
	admin = await createUser(sql, 'admin', []);
	staff = await createUser(sql, 'staff', [locationId]);
});

describe('location currency', () => {
	it('defaults to PEN, is validated, and a partial PUT keeps the other fields', async () => {
		const slug = `cur-${Math.random().toString(36).slice(2, 8)}`;
		const created = await req('POST', '/api/v1/locations', {
			who: admin,
			body: { slug, name: 'Currency test', timezone: 'America/Lima' }
		});
		expect(created.status).toBe(201);
		const loc = await created.json();
		expect(loc.currency).toBe('PEN');

		for (const bad of ['SOL', 'pe', 'ZZZ', 12]) {
			const r = await req('PUT', `/api/v1/locations/${loc.id}`, {
				who: admin,
				body: { currency: bad }
			});
			expect(r.status, String(bad)).toBe(400);
		}
		const staffTry = await req('PUT', `/api/v1/locations/${loc.id}`, {
			who: staff,
			body: { currency: 'USD' }
		});
		expect(staffTry.status).toBe(403);

		const usd = await req('PUT', `/api/v1/locations/${loc.id}`, {
			who: admin,
			body: { currency: 'usd' }
		});
		expect(usd.status).toBe(200);
		expect(await usd.json()).toMatchObject({ currency: 'USD', timezone: 'America/Lima' });
		// Renaming alone keeps the time zone and the currency (zod 4 applied the defaults here).
		const renamed = await req('PUT', `/api/v1/locations/${loc.id}`, {
			who: admin,
			body: { name: 'Renamed' }
		});
		expect(await renamed.json()).toMatchObject({
			name: 'Renamed',
			currency: 'USD',
			timezone: 'America/Lima'
		});
		const [audit] = await sql`
			select after from audit_log where entity = 'location' and entity_id = ${loc.id}
				and action = 'update' order by id limit 1`;
		expect(audit.after.currency).toBe('USD');
	});

	it('travels to the diner menu and to GET …/menu/current', async () => {
		const menu = await (
			await req('GET', '/api/customer/downtown-lima/downtown-lima-1/menu')
		).json();
		expect(menu.data.branch).toMatchObject({ name: 'Downtown Lima', currency: 'PEN' });
		const current = await (
			await req('GET', `/api/v1/locations/${locationId}/menu/current`, { who: staff })
		).json();
		expect(current.currency).toBe('PEN');
	});
});
