import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { append } from '../../src/lib/server/events/outbox';
import { channels } from '../../src/lib/shared/channels';
import { createLocation, createUser, type TestUser } from '../support/auth';
import { SseReader } from '../support/sse';

const base = inject('baseUrl');
const sql = connect(inject('databaseUrl'), { max: 4 });
let loc: { id: string };
let other: { id: string };
let staff: TestUser;
afterAll(() => sql.end());

beforeAll(async () => {
	loc = await createLocation(sql);
	other = await createLocation(sql);
	staff = await createUser(sql, 'staff', [loc.id]);
});

const url = (id: string, q = '') => `${base}/api/v1/locations/${id}/events${q}`;
const push = (locationId: string, n: number, tag: string) =>
	sql.begin((tx) => append(tx, channels.kitchen(locationId), 'order:created', { tag, n }));

describe('kitchen SSE stream', () => {
	it('gates: 401 anonymous, 403 out of scope, 404 unknown location for admins', async () => {
		expect((await fetch(url(loc.id))).status).toBe(401);
		const r = await fetch(url(other.id), { headers: staff.headers });
		expect(r.status).toBe(403);
		expect(await r.text()).toBe('Forbidden');
		const admin = await createUser(sql, 'admin');
		const nf = await fetch(url('00000000-0000-4000-8000-000000000000'), { headers: admin.headers });
		expect(nf.status).toBe(404);
	});

	it('says hello, streams live events in order, resumes with Last-Event-ID without gap or duplicate', async () => {
		const a = await SseReader.open(url(loc.id), staff.headers);
		expect(a.status).toBe(200);
		await a.waitFor((f) => f.some((x) => x.event === 'hello'));
		const startSeq = JSON.parse(a.events('hello')[0].data).seq;
		for (let i = 0; i < 5; i++) await push(loc.id, i, 'first');
		await a.waitFor((f) => f.filter((x) => x.event === 'order:created').length === 5);
		a.close();
		const seen = a.events('order:created');
		expect(seen.map((f) => Number(f.id))).toEqual([1, 2, 3, 4, 5].map((i) => startSeq + i));
		const lastId = seen[2].id!; // pretend the client only processed three

		for (let i = 0; i < 5; i++) await push(loc.id, i, 'while-away');
		const b = await SseReader.open(url(loc.id), { ...staff.headers, 'last-event-id': lastId });
		await b.waitFor((f) => f.filter((x) => x.event === 'order:created').length === 7);
		const ids = b.events('order:created').map((f) => Number(f.id));
		expect(ids).toEqual(Array.from({ length: 7 }, (_, i) => Number(lastId) + 1 + i));
		expect(JSON.parse(b.events('order:created')[0].data)).toMatchObject({
			channel: `kitchen:${loc.id}`,
			type: 'order:created',
			payload: { tag: 'first', n: 3 }
		});
		b.close();
	});

	it('tells the client to reset when the events it missed are gone', async () => {
		const fresh = await createLocation(sql);
		const admin = await createUser(sql, 'admin');
		for (let i = 0; i < 3; i++) await push(fresh.id, i, 'old');
		await sql`delete from events where channel = ${channels.kitchen(fresh.id)} and seq <= 2`;
		const r = await SseReader.open(url(fresh.id, '?since=0'), admin.headers);
		await r.waitFor((f) => f.some((x) => x.event === 'reset'));
		expect(JSON.parse(r.events('reset')[0].data)).toEqual({
			channel: `kitchen:${fresh.id}`,
			seq: 3
		});
		r.close();
	});
});
