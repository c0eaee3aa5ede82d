// First-run bootstrap on its own fresh database (it depends on there being no admin), fleet-wide
// kiosk rotation, and location slugs that would shadow an app path.
import fs from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { bootstrapAdmin } from '../../src/lib/server/startup';
import { RESERVED_SLUGS } from '../../src/lib/server/locations/locations';
import { createTestDatabase } from '../support/db';
import { createLocation, createUser } from '../support/auth';

const base = inject('baseUrl');
const sql = connect(inject('databaseUrl'), { max: 4 });
afterAll(() => sql.end());

describe('first-run bootstrap', () => {
	it('issues one admin invitation, retires it on the next start, stops once an admin exists', async () => {
		const fresh = await createTestDatabase('pt_boot');
		const db = connect(fresh.url, { max: 2 });
		try {
			const first = await bootstrapAdmin(db);
			expect(first).toMatch(/^https?:\/\/[^/]+\/invite\/[\w-]{20,}$/);
			const second = await bootstrapAdmin(db);
			expect(second).toMatch(/\/invite\//);
			expect(second).not.toBe(first);
			// Only the latest token is open, stored hashed, admin role.
			const open = await db`
				select role, bootstrap, token_hash from invitations
				where used_at is null and expires_at > now()`;
			expect(open).toHaveLength(1);
			expect(open[0]).toMatchObject({ role: 'admin', bootstrap: true });
			const token = second!.split('/invite/')[1];
			expect(Buffer.from(open[0].token_hash).toString('utf8')).not.toContain(token);
			await createUser(db, 'admin');
			expect(await bootstrapAdmin(db)).toBeNull();
		} finally {
			await db.end();
			await fresh.drop();
		}
	});
});

describe('kiosk tokens', () => {
	it('rotate_all issues a new token for every location, once, and old tokens stop working', async () => {
		const admin = await createUser(sql, 'admin');
		const a = await createLocation(sql);
		const b = await createLocation(sql);
		const rotateAll = async () => {
			const r = await fetch(`${base}/api/v1/locations/kiosk_token/rotate_all`, {
				method: 'POST',
				headers: admin.headers
			});
			expect(r.status).toBe(200);
			return r.json();
		};
		const tokens = (body: unknown) => {
			const list = (
				Array.isArray(body) ? body : Object.values(body as object).find(Array.isArray)
			) as {
				location_id: string;
				token: string;
			}[];
			return new Map(list.map((t) => [t.location_id, t.token]));
		};
		const first = tokens(await rotateAll());
		expect(first.get(a.id)).toBeTruthy();
		expect(first.get(b.id)).toBeTruthy();
		const second = tokens(await rotateAll());
		const exchange = (token: string | undefined) =>
			fetch(`${base}/api/v1/signage/auth`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ token })
			});
		expect((await exchange(first.get(a.id))).status).toBe(401);
		const s = await exchange(second.get(b.id));
		expect(s.status).toBe(200);
		const cookie = (s.headers.get('set-cookie') ?? '').split(';')[0];
		const me = await (await fetch(`${base}/api/v1/auth/me`, { headers: { cookie } })).json();
		expect(me).toMatchObject({ role: 'kiosk', location_ids: [b.id] });
		// One kiosk account per location, reused across rotations.
		const [{ n }] = await sql`
			select count(*)::int as n from users u join user_locations ul on ul.user_id = u.id
			where u.role = 'kiosk' and ul.location_id in (${a.id}, ${b.id})`;
		expect(n).toBe(2);
		// Every rotation is in the audit log.
		const [{ audits }] = await sql`
			select count(*)::int as audits from audit_log
			where entity_id in (${a.id}, ${b.id}) or location_id in (${a.id}, ${b.id})`;
		expect(audits).toBeGreaterThanOrEqual(4);
	});
});

describe('location slugs', () => {
	it('every first path segment the app serves is reserved', () => {
		const segments = [
			...fs.readdirSync('src/routes').filter((d) => !d.startsWith('[') && !d.startsWith('+')),
			...fs.readdirSync('static').map((f) => f.replace(/\..*$/, ''))
		];
		for (const s of segments) expect(RESERVED_SLUGS.has(s), s).toBe(true);
	});
});
