import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { createLocation, createUser, type TestUser } from '../support/auth';
import { caller } from '../support/api';

const base = inject('baseUrl');
const sql = connect(inject('databaseUrl'), { max: 2 });
afterAll(() => sql.end());

let here: { id: string };
let there: { id: string };
let admin: TestUser, manager: TestUser, staff: TestUser;

const call = caller(base);

beforeAll(async () => {
	here = await createLocation(sql);
	there = await createLocation(sql);
	admin = await createUser(sql, 'admin');
	manager = await createUser(sql, 'manager', [here.id]);
	staff = await createUser(sql, 'staff', [here.id]);
});

describe('stores', () => {
	it('admin creates; bad input is a 4xx with a clear message and writes nothing', async () => {
		const r = await call('POST', '/api/v1/stores', admin, {
			location_id: here.id,
			name: 'Walk-in',
			kind: 'walk_in'
		});
		expect(r.status).toBe(201);
		const s = await r.json();
		expect(s).toMatchObject({ location_id: here.id, name: 'Walk-in', kind: 'walk_in' });

		const bad = await call('POST', '/api/v1/stores', admin, {
			location_id: here.id,
			name: '',
			kind: 'cellar'
		});
		expect(bad.status).toBe(400);
		expect(await bad.text()).toMatch(/name: .*; kind: /);
		expect((await call('POST', '/api/v1/stores', admin, 'name=x')).status).toBe(400);
		// A same-origin browser request with a non-JSON body: 415.
		const plain = await fetch(base + '/api/v1/stores', {
			method: 'POST',
			headers: { ...admin.headers, 'content-type': 'text/plain', origin: new URL(base).origin },
			body: '{}'
		});
		expect(plain.status).toBe(415);
		// Without Origin, SvelteKit's CSRF guard refuses form-like content types before us.
		const form = await fetch(base + '/api/v1/stores', {
			method: 'POST',
			headers: { ...admin.headers, 'content-type': 'application/x-www-form-urlencoded' },
			body: 'name=x'
		});
		expect(form.status).toBe(403);
		const dup = await call('POST', '/api/v1/stores', admin, {
			location_id: here.id,
			name: 'Walk-in'
		});
		expect(dup.status).toBe(409);
		const [{ n }] = await sql`select count(*)::int as n from stores where location_id = ${here.id}`;
		expect(n).toBe(1);
	});

	it('reads are scope-filtered; writes outside scope are 403 and change nothing', async () => {
		const mk = await call('POST', '/api/v1/stores', admin, {
			location_id: there.id,
			name: 'Freezer',
			kind: 'freezer'
		});
		const far = await mk.json();
		const mine = await (await call('GET', '/api/v1/stores', manager)).json();
		expect(mine.every((s: { location_id: string }) => s.location_id === here.id)).toBe(true);
		expect(
			await (await call('GET', `/api/v1/stores?location_id=${there.id}`, manager)).json()
		).toEqual([]);
		expect((await call('GET', `/api/v1/stores/${far.id}`, manager)).status).toBe(404);
		const put = await call('PUT', `/api/v1/stores/${far.id}`, manager, { name: 'Mine now' });
		expect(put.status).toBe(403);
		expect((await call('DELETE', `/api/v1/stores/${far.id}`, manager)).status).toBe(403);
		const [row] = await sql`select name from stores where id = ${far.id}`;
		expect(row.name).toBe('Freezer');
		expect((await call('PUT', `/api/v1/stores/${far.id}`, staff, { name: 'x' })).status).toBe(403);
		expect((await call('PUT', `/api/v1/stores/${far.id}`, undefined, { name: 'x' })).status).toBe(
			401
		);
	});

	it('a manager edits a store in scope; the change is audited', async () => {
		const [s] = await sql`select id from stores where location_id = ${here.id} limit 1`;
		const r = await call('PUT', `/api/v1/stores/${s.id}`, manager, { name: 'Walk-in cooler' });
		expect(r.status).toBe(200);
		expect((await r.json()).name).toBe('Walk-in cooler');
		const [a] =
			await sql`select actor_id, action, before->>'name' as before, after->>'name' as after
			from audit_log where entity = 'store' and entity_id = ${s.id} order by id desc limit 1`;
		expect(a).toEqual({
			actor_id: manager.id,
			action: 'update',
			before: 'Walk-in',
			after: 'Walk-in cooler'
		});
	});

	it('malformed ids are 404, not 500', async () => {
		expect((await call('GET', '/api/v1/stores/not-a-uuid', admin)).status).toBe(404);
		expect((await call('GET', `/api/v1/stores?location_id=nope`, admin)).status).toBe(400);
	});
});
