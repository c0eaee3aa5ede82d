// First-run bootstrap on its own fresh database (it depends on there being no admin), fleet-wide
// kiosk rotation, and location slugs that would shadow an app path.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { BOOTSTRAP_FILE, bootstrapAdmin } from '../../src/lib/server/startup';
import { RESERVED_SLUGS } from '../../src/lib/server/locations/locations';
import { createTestDatabase } from '../support/db';
import { createLocation, createUser } from '../support/auth';

const base = inject('baseUrl');
const sql = connect(inject('databaseUrl'), { max: 4 });
afterAll(() => sql.end());

describe('first-run bootstrap', () => {
	it('without a data dir: issues one admin invitation, retires it on the next start, stops once an admin exists', async () => {
		const fresh = await createTestDatabase('pt_boot');
		const db = connect(fresh.url, { max: 2 });
		try {
			const first = await bootstrapAdmin(db, null);
			expect(first).toMatch(/^https?:\/\/[^/]+\/invite\/[\w-]{20,}$/);
			const second = await bootstrapAdmin(db, null);
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
			expect(await bootstrapAdmin(db, null)).toBeNull();
		} finally {
			await db.end();
			await fresh.drop();
		}
	});

	it('with a data dir: the same URL on every start until it is used or expires', async () => {
		const fresh = await createTestDatabase('pt_boot');
		const db = connect(fresh.url, { max: 2 });
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-boot-'));
		const file = path.join(dir, BOOTSTRAP_FILE);
		const openInvitations = () =>
			db`select id from invitations where bootstrap and used_at is null and expires_at > now()`;
		try {
			const first = await bootstrapAdmin(db, dir);
			expect(first).toMatch(/\/invite\/[\w-]{20,}$/);
			expect(await bootstrapAdmin(db, dir)).toBe(first);
			expect(await bootstrapAdmin(db, dir)).toBe(first);
			expect(await openInvitations()).toHaveLength(1);
			// The token is on disk for this operator only; the database still has only its hash.
			expect(fs.statSync(file).mode & 0o777).toBe(0o600);
			const [row] = await db`select token_hash from invitations where bootstrap`;
			expect(Buffer.from(row.token_hash).toString('utf8')).not.toContain(
				first!.split('/invite/')[1]
			);

			// Expired: a fresh one, and the old one is gone.
			await db`update invitations set expires_at = now() - interval '1 second' where bootstrap`;
			const second = await bootstrapAdmin(db, dir);
			expect(second).not.toBe(first);
			expect(await openInvitations()).toHaveLength(1);

			// A file that matches no open invitation (edited, or another database's) is replaced.
			fs.writeFileSync(file, 'not-a-token');
			const third = await bootstrapAdmin(db, dir);
			expect(third).not.toBe(second);
			expect(await bootstrapAdmin(db, dir)).toBe(third);

			// Used: no URL any more, and the token leaves the disk.
			await createUser(db, 'admin');
			expect(await bootstrapAdmin(db, dir)).toBeNull();
			expect(fs.existsSync(file)).toBe(false);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
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
