// Issue 15, Diner: the location's currency travels to the diner's menu and the live menu; the
// wait screen's reminder and cancel; a waiter call the diner can follow until staff take it.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { read } from '../../src/lib/server/events/outbox';
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

const cust = (table: number, rest: string) =>
	`/api/customer/downtown-lima/downtown-lima-${table}${rest}`;

async function ask(table: number, name: string) {
	const r = await req('POST', cust(table, '/session'), { body: { customerName: name } });
	expect(r.status).toBe(201);
	const { data } = await r.json();
	return { id: data.session.id as string, token: data.token as string };
}

describe('the wait screen: remind and cancel, with the pending token', () => {
	it('reminds the staff once, after a minute, and the floor sees it', async () => {
		const s = await ask(10, 'Inés');
		expect((await req('POST', cust(10, '/session/remind'))).status).toBe(401);
		const early = await req('POST', cust(10, '/session/remind'), { token: s.token });
		expect(early.status).toBe(409);
		expect((await early.json()).error.code).toBe('REMIND_TOO_EARLY');

		await sql`update table_sessions set started_at = now() - interval '70 seconds' where id = ${s.id}`;
		const r = await req('POST', cust(10, '/session/remind'), { token: s.token });
		expect(r.status).toBe(200);
		const first = (await r.json()).data;
		expect(first).toMatchObject({ sessionId: s.id, reminded_at: expect.any(String) });
		const again = (
			await (await req('POST', cust(10, '/session/remind'), { token: s.token })).json()
		).data;
		expect(again.reminded_at).toBe(first.reminded_at);

		const branch = await read(sql, `branch:${locationId}`, 0, 10_000);
		const reminded = branch.filter(
			(e) =>
				e.type === 'session:reminded' && (e.payload as { sessionId: string }).sessionId === s.id
		);
		expect(reminded).toHaveLength(1);
		expect(reminded[0].payload).toMatchObject({ tableNumber: 10, customerName: 'Inés' });
		const pending = (
			await (
				await req('GET', `/api/tables/sessions/pending?location_id=${locationId}`, { who: staff })
			).json()
		).data;
		expect(pending.find((p: { id: string }) => p.id === s.id).reminded_at).toBe(first.reminded_at);
		const audit = await sql`
			select action from audit_log where entity = 'table_session' and entity_id = ${s.id}
			order by id`;
		expect(audit.map((a) => a.action)).toEqual(['session_request', 'session_remind']);
		await req('POST', cust(10, '/session/cancel'), { token: s.token });
	});

	it('the diner withdraws their own request: closed, not lapsed, table free, audited', async () => {
		const s = await ask(11, 'Pablo');
		const other = await ask(12, 'Quique');
		// Another table's token, or none, withdraws nothing.
		const wrong = await req('POST', cust(11, '/session/cancel'), { token: other.token });
		expect(wrong.status).toBe(403);
		expect((await wrong.json()).error.code).toBe('TOKEN_TABLE_MISMATCH');
		expect((await req('POST', cust(11, '/session/cancel'))).status).toBe(401);

		const r = await req('POST', cust(11, '/session/cancel'), { token: s.token });
		expect(r.status).toBe(200);
		expect((await r.json()).data).toMatchObject({
			sessionId: s.id,
			status: 'rejected',
			cancelled: true
		});
		const status = (await (await req('GET', cust(11, `/session-status/${s.id}`))).json()).data;
		expect(status).toMatchObject({ status: 'rejected', lapsed: false });
		const own = await read(sql, `session:${s.id}`, 0);
		expect(own.at(-1)).toMatchObject({
			type: 'session:rejected',
			payload: { reason: 'cancelled' }
		});
		const [audit] = await sql`
			select action, after from audit_log where entity = 'table_session' and entity_id = ${s.id}
				and action = 'session_cancel'`;
		expect(audit.after).toMatchObject({ status: 'rejected', cancelled_by: 'diner' });
		// The token is spent, and the table can be asked for again.
		const twice = await req('POST', cust(11, '/session/cancel'), { token: s.token });
		expect(twice.status).toBe(403);
		expect((await twice.json()).error.code).toBe('SESSION_ENDED');
		const next = await ask(11, 'Pablo');
		await req('POST', cust(11, '/session/cancel'), { token: next.token });
		// An approved session cannot be withdrawn this way (staff end it).
		await req('PATCH', `/api/tables/sessions/${other.id}/approve`, { who: staff });
		const seated = await req('POST', cust(12, '/session/cancel'), { token: other.token });
		expect(seated.status).toBe(404);
		expect((await seated.json()).error.code).toBe('PENDING_SESSION_NOT_FOUND');
		await req('PATCH', `/api/tables/sessions/${other.id}/end`, { who: staff });
	});

	it('a call stays pending for the diner until staff acknowledge it', async () => {
		const s = await ask(7, 'Ana');
		await req('PATCH', `/api/tables/sessions/${s.id}/approve`, { who: staff });
		expect((await req('GET', cust(7, '/calls'), { token: s.token })).status).toBe(200);
		const c = (
			await (
				await req('POST', cust(7, '/calls'), { token: s.token, body: { type: 'waiter' } })
			).json()
		).data;
		const before = (await (await req('GET', cust(7, '/calls'), { token: s.token })).json()).data;
		expect(before).toEqual([
			{
				id: c.id,
				type: 'waiter',
				status: 'pending',
				created_at: expect.any(String),
				acknowledged_at: null
			}
		]);
		expect((await req('PATCH', `/api/tables/calls/${c.id}/ack`, { who: staff })).status).toBe(200);
		const after = (await (await req('GET', cust(7, '/calls'), { token: s.token })).json()).data;
		expect(after[0]).toMatchObject({
			id: c.id,
			status: 'acknowledged',
			acknowledged_at: expect.any(String)
		});
		const own = await read(sql, `session:${s.id}`, 0);
		expect(own.some((e) => e.type === 'call:acknowledged')).toBe(true);
		await req('PATCH', `/api/tables/sessions/${s.id}/end`, { who: staff });
	});
});

describe('dish category and tags', () => {
	it('meals and items take a category and tags from the fixed vocabulary, validated and audited', async () => {
		const name = `Tag test ${Math.random().toString(36).slice(2, 8)}`;
		const bad = await req('POST', '/api/v1/meals', {
			who: admin,
			body: { name, price_cents: 1000, tags: ['spicy'] }
		});
		expect(bad.status).toBe(400);
		const dup = await req('POST', '/api/v1/meals', {
			who: admin,
			body: { name, price_cents: 1000, tags: ['egg', 'egg'] }
		});
		expect(dup.status).toBe(400);
		const r = await req('POST', '/api/v1/meals', {
			who: admin,
			body: { name, price_cents: 1000, category: ' Postres ', tags: ['vegan', 'nuts'] }
		});
		expect(r.status).toBe(201);
		const meal = await r.json();
		expect(meal).toMatchObject({ category: 'Postres', tags: ['nuts', 'vegan'] });
		const staffTry = await req('PUT', `/api/v1/meals/${meal.id}`, {
			who: staff,
			body: { tags: [] }
		});
		expect(staffTry.status).toBe(403);
		const put = await req('PUT', `/api/v1/meals/${meal.id}`, {
			who: admin,
			body: { tags: ['sesame'] }
		});
		expect(await put.json()).toMatchObject({ category: 'Postres', tags: ['sesame'] });
		const [audit] = await sql`
			select after from audit_log where entity = 'meal' and entity_id = ${meal.id}
				and action = 'update'`;
		expect(audit.after.tags).toEqual(['sesame']);

		const [item] = await sql`select id from items where sku = 'BEV-INCA-500'`;
		const itemPut = await req('PUT', `/api/v1/items/${item.id}`, {
			who: admin,
			body: { tags: ['vegan', 'vegetarian'], category: 'Bebidas' }
		});
		expect(itemPut.status).toBe(200);
		expect(await itemPut.json()).toMatchObject({
			category: 'Bebidas',
			tags: ['vegetarian', 'vegan']
		});
		const itemBad = await req('PUT', `/api/v1/items/${item.id}`, {
			who: admin,
			body: { tags: ['sugar'] }
		});
		expect(itemBad.status).toBe(400);
		await req('DELETE', `/api/v1/meals/${meal.id}`, { who: admin });
	});

	it('travel through the live-menu resolver to menu/current and the diner', async () => {
		const current = await (
			await req('GET', `/api/v1/locations/${locationId}/menu/current`, { who: staff })
		).json();
		const ceviche = current.entries.find((e: { name: string }) => e.name === 'Ceviche clásico');
		expect(ceviche).toMatchObject({ category: 'Entradas', tags: ['fish'] });
		const inca = current.entries.find((e: { name: string }) => e.name === 'Inca Kola (500 ml)');
		expect(inca).toMatchObject({
			kind: 'item',
			category: 'Bebidas',
			tags: ['vegetarian', 'vegan']
		});
		const menu = (await (await req('GET', cust(1, '/menu'))).json()).data;
		const aji = menu.items.find((e: { name: string }) => e.name === 'Ají de gallina');
		expect(aji).toMatchObject({ category: 'Platos de fondo', tags: ['gluten', 'dairy', 'nuts'] });
	});
});
