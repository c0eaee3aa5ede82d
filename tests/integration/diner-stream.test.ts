// Issue 10 item 3: the diner's SSE stream checks the session like every other diner route, at
// connect and while open, and closes when the session ends.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { createLocation, createUser, type TestUser } from '../support/auth';
import { SseReader } from '../support/sse';

const base = inject('baseUrl');
const sql = connect(inject('databaseUrl'), { max: 2 });
let staff: TestUser;
let loc: { id: string; slug: string };

beforeAll(async () => {
	loc = await createLocation(sql);
	for (const n of [1, 2, 3]) {
		await sql`insert into dining_tables (location_id, number, code) values (${loc.id}, ${n}, ${loc.slug + '-' + n})`;
	}
	staff = await createUser(sql, 'staff', [loc.id]);
});
afterAll(() => sql.end());

const cust = (n: number, rest: string) =>
	`${base}/api/customer/${loc.slug}/${loc.slug}-${n}${rest}`;

async function approvedSession(n: number) {
	const r = await fetch(cust(n, '/session'), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ customerName: `Stream ${n}` })
	});
	const { data } = await r.json();
	const ok = await fetch(`${base}/api/tables/sessions/${data.session.id}/approve`, {
		method: 'PATCH',
		headers: staff.headers
	});
	expect(ok.status).toBe(200);
	return { id: data.session.id as string, token: data.token as string };
}

const end = (id: string) =>
	fetch(`${base}/api/tables/sessions/${id}/end`, { method: 'PATCH', headers: staff.headers });

describe('diner session stream', () => {
	it('refuses the token of an ended session at connect (403 SESSION_ENDED)', async () => {
		const s = await approvedSession(1);
		expect((await end(s.id)).status).toBe(200);
		const r = await fetch(cust(1, `/events?token=${encodeURIComponent(s.token)}&since=0`));
		expect(r.status).toBe(403);
		expect((await r.json()).error.code).toBe('SESSION_ENDED');
	});

	it('closes an open stream when staff end the session, within a bound', async () => {
		const s = await approvedSession(2);
		const reader = await SseReader.open(cust(2, `/events?token=${encodeURIComponent(s.token)}`));
		expect(reader.status).toBe(200);
		await reader.waitFor((f) => f.some((x) => x.event === 'hello'));
		let closedAt = 0;
		void reader.done.then(() => (closedAt = performance.now()));
		const endedAt = performance.now();
		expect((await end(s.id)).status).toBe(200);
		// The diner sees the ending, then the server closes the stream (a loaded 2-core CI
		// machine gets a generous bound; the recheck interval is the backstop, not the path).
		await reader.waitFor((f) => f.some((x) => x.event === 'session:ended'), 10_000);
		const until = Date.now() + 10_000;
		while (!closedAt && Date.now() < until) await new Promise((x) => setTimeout(x, 50));
		expect(closedAt, 'stream still open after the session ended').toBeGreaterThan(0);
		expect(closedAt - endedAt).toBeLessThan(10_000);
		reader.close();
	});

	it('closes an open stream when the session ends without an event on its channel', async () => {
		// E.g. a session row changed by an operator or a lapse job: the periodic re-check ends it.
		const s = await approvedSession(3);
		const reader = await SseReader.open(cust(3, `/events?token=${encodeURIComponent(s.token)}`));
		expect(reader.status).toBe(200);
		await reader.waitFor((f) => f.some((x) => x.event === 'hello'));
		let closed = false;
		void reader.done.then(() => (closed = true));
		await sql`update table_sessions set status = 'completed', ended_at = now() where id = ${s.id}`;
		// The integration server re-checks diner streams every SSE_RECHECK_MS (set low there).
		const until = Date.now() + 15_000;
		while (!closed && Date.now() < until) await new Promise((x) => setTimeout(x, 100));
		expect(closed, 'stream still open after the session ended').toBe(true);
		reader.close();
	});
});
