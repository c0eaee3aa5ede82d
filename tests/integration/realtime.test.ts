// Realtime sidecar: auth at upgrade, channel authorization, replay + live without gap or
// duplicate across disconnects, a SIGKILLed sidecar, and several web processes and sidecars.
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect, type Sql } from '../../src/lib/server/db/index';
import { customerKey, signCustomerToken } from '../../src/lib/server/auth/customer-jwt';
import { append } from '../../src/lib/server/events/outbox';
import { channels } from '../../src/lib/shared/channels';
import { createLocation, createUser, type TestUser } from '../support/auth';
import { RETENTION_LOCK, sweep } from '../../src/realtime/retention';
import { startSidecar, startWeb, type Proc } from '../support/server';
import { SseReader } from '../support/sse';
import { appClient, WsClient } from '../support/ws';

// Sidecars and this process must agree on the customer JWT key.
process.env.CUSTOMER_JWT_SECRET ??= randomBytes(40).toString('base64url');
const dbUrl = inject('databaseUrl');
const embedded = inject('dbKind') === 'pglite';
const env = {
	PREPTABLE_EMBEDDED: embedded ? '1' : '0',
	CUSTOMER_JWT_SECRET: process.env.CUSTOMER_JWT_SECRET!,
	REALTIME_HEARTBEAT_MS: '500',
	REALTIME_RECHECK_MS: '1000'
};
const sql = connect(dbUrl, { max: 4 });
const procs: Proc[] = [];
let sidecar: Proc;
let loc: { id: string; slug: string };
let other: { id: string };
let staff: TestUser;

const sidecarUp = async () => {
	const p = await startSidecar(dbUrl, env);
	procs.push(p);
	return p;
};

beforeAll(async () => {
	sidecar = await sidecarUp();
	loc = await createLocation(sql);
	other = await createLocation(sql);
	staff = await createUser(sql, 'staff', [loc.id]);
});
afterAll(async () => {
	await Promise.all(procs.map((p) => p.stop()));
	await sql.end();
});

async function tableSession(db: Sql, locationId: string, status = 'active') {
	const n = 1 + Math.floor(Math.random() * 9000);
	const [t] = await db<{ id: string }[]>`
		insert into dining_tables (location_id, number, code)
		values (${locationId}, ${n}, ${`t-${randomBytes(6).toString('hex')}`}) returning id`;
	const [s] = await db<{ id: string }[]>`
		insert into table_sessions (table_id, location_id, customer_name, status)
		values (${t.id}, ${locationId}, 'Ana', ${status}) returning id`;
	const token = await signCustomerToken({ sessionId: s.id, tableId: t.id, locationId });
	return { id: s.id, tableId: t.id, token };
}

const push = (channel: string, n: number) =>
	sql.begin((tx) => append(tx, channel, 'test:event', { n }));

/** Emits `count` events one transaction at a time, in the background. */
function burst(channel: string, count: number, db: Sql = sql, gapMs = 0) {
	return (async () => {
		for (let i = 0; i < count; i++) {
			await db.begin((tx) => append(tx, channel, 'test:event', { n: i }));
			if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
		}
	})();
}

const seqsOf = (c: WsClient, ch: string) => c.events(ch).map((m) => m.seq!);
const range = (from: number, to: number) =>
	Array.from({ length: to - from + 1 }, (_, i) => from + i);
const headOf = async (ch: string) =>
	(await sql<{ last_seq: number }[]>`select last_seq from event_channels where channel = ${ch}`)[0]
		?.last_seq ?? 0;

describe('realtime sidecar: authentication', () => {
	it('accepts then closes with 4001 when there is no or bad auth', async () => {
		for (const opts of [{}, { cookie: 'preptable_session=nope' }, { token: 'not.a.jwt' }]) {
			const c = WsClient.connect(sidecar.url, opts);
			await c.opened;
			expect(await c.closed).toBe(4001);
		}
	});

	it('closes an expired customer token with 4001', async () => {
		const s = await tableSession(sql, loc.id);
		const { secret, kid } = customerKey();
		const expired = await new SignJWT({ tbl: s.tableId, loc: loc.id, role: 'customer' })
			.setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid })
			.setSubject(s.id)
			.setIssuer('preptable')
			.setAudience('preptable:customer')
			.setIssuedAt(Math.floor(Date.now() / 1000) - 600)
			.setExpirationTime(Math.floor(Date.now() / 1000) - 60)
			.sign(secret);
		const c = WsClient.connect(sidecar.url, { token: expired });
		expect(await c.closed).toBe(4001);
	});

	it('closes with 4001 when the staff session is revoked or the table session ends', async () => {
		const u = await createUser(sql, 'staff', [loc.id]);
		const a = WsClient.connect(sidecar.url, { cookie: u.cookie });
		a.subscribe(channels.branch(loc.id));
		await a.waitFor((m) => m.some((x) => x.type === 'subscribed'));
		await sql`delete from auth_sessions where user_id = ${u.id}`;
		expect(await a.closed).toBe(4001);

		const s = await tableSession(sql, loc.id);
		const d = WsClient.connect(sidecar.url, { token: s.token });
		d.subscribe(channels.session(s.id));
		await d.waitFor((m) => m.some((x) => x.type === 'subscribed'));
		await sql`update table_sessions set status = 'completed' where id = ${s.id}`;
		expect(await d.closed).toBe(4001);
	});

	it('refuses cookie auth from a foreign Origin', async () => {
		const c = WsClient.connect(sidecar.url, { cookie: staff.cookie, origin: 'https://evil.test' });
		expect(await c.closed).toBe(4001);
	});
});

describe('realtime sidecar: channel authorization', () => {
	it('a diner token reads its own session channel only, never a branch or kitchen', async () => {
		const s = await tableSession(sql, loc.id, 'pending');
		const s2 = await tableSession(sql, loc.id);
		// Token in Sec-WebSocket-Protocol, the way a browser can send it.
		const c = WsClient.connect(sidecar.url, { protocols: ['preptable', `bearer.${s.token}`] });
		await c.opened;
		expect(c.ws.protocol).toBe('preptable');
		for (const ch of [channels.branch(loc.id), channels.kitchen(loc.id), channels.session(s2.id)]) {
			c.subscribe(ch);
		}
		c.subscribe(channels.session(s.id));
		await c.waitFor((m) => m.filter((x) => x.type === 'error').length === 3);
		await c.waitFor((m) => m.some((x) => x.type === 'subscribed'));
		expect(c.of('error').map((e) => [e.code, e.channel])).toEqual([
			['forbidden', channels.branch(loc.id)],
			['forbidden', channels.kitchen(loc.id)],
			['forbidden', channels.session(s2.id)]
		]);
		expect(c.of('subscribed').map((e) => e.channel)).toEqual([channels.session(s.id)]);
		await push(channels.branch(loc.id), 1);
		await push(channels.session(s.id), 2);
		await c.waitFor((m) => m.some((x) => x.type === 'event'));
		expect(c.events().map((e) => e.channel)).toEqual([channels.session(s.id)]);
		c.close();
	});

	it('staff read channels of their locations only; admins all; kiosks their own', async () => {
		const admin = await createUser(sql, 'admin');
		const kiosk = await createUser(sql, 'kiosk', [other.id]);
		const results: Record<string, string[]> = {};
		for (const [name, u] of [
			['staff', staff],
			['admin', admin],
			['kiosk', kiosk]
		] as const) {
			const c = WsClient.connect(sidecar.url, { cookie: u.cookie });
			for (const ch of [channels.kitchen(loc.id), channels.branch(other.id), 'session:x']) {
				c.subscribe(ch);
			}
			await c.waitFor(
				(m) => m.filter((x) => x.type === 'error' || x.type === 'subscribed').length === 3
			);
			results[name] = c.messages
				.filter((x) => x.type === 'error' || x.type === 'subscribed')
				.map((x) => `${x.type}:${x.channel!.split(':')[0]}`)
				.sort();
			c.close();
		}
		expect(results).toEqual({
			staff: ['error:branch', 'error:session', 'subscribed:kitchen'],
			admin: ['error:session', 'subscribed:branch', 'subscribed:kitchen'],
			kiosk: ['error:kitchen', 'error:session', 'subscribed:branch']
		});
	});
});

describe('realtime sidecar: delivery', () => {
	it('says subscribed with the head, heartbeats with the seq, then streams live', async () => {
		const ch = channels.kitchen(loc.id);
		await push(ch, 0);
		const h = await headOf(ch);
		const c = WsClient.connect(sidecar.url, { cookie: staff.cookie });
		c.subscribe(ch);
		await c.waitFor((m) => m.some((x) => x.type === 'subscribed'));
		expect(c.of('subscribed')[0]).toEqual({ type: 'subscribed', channel: ch, seq: h });
		await push(ch, 1);
		await c.waitFor((m) => m.some((x) => x.type === 'event'));
		expect(c.events()[0]).toMatchObject({
			type: 'event',
			channel: ch,
			seq: h + 1,
			event: 'test:event',
			payload: { n: 1 }
		});
		await c.waitFor((m) => m.some((x) => x.type === 'heartbeat' && x.seqs?.[ch] === h + 1));
		c.close();
	});

	it('replays from since, or sends reset when since is older than retention', async () => {
		const fresh = await createLocation(sql);
		const ch = channels.branch(fresh.id);
		const admin = await createUser(sql, 'admin');
		for (let i = 0; i < 5; i++) await push(ch, i);
		const a = WsClient.connect(sidecar.url, { cookie: admin.cookie });
		a.subscribe(ch, 2);
		await a.waitFor((m) => m.filter((x) => x.type === 'event').length === 3);
		expect(seqsOf(a, ch)).toEqual([3, 4, 5]);
		a.close();
		await sql`delete from events where channel = ${ch} and seq <= 3`;
		const b = WsClient.connect(sidecar.url, { cookie: admin.cookie });
		b.subscribe(ch, 1);
		await b.waitFor((m) => m.some((x) => x.type === 'subscribed'));
		// Heartbeats are periodic and may land anywhere; the order of the rest is what counts.
		expect(b.messages.filter((x) => x.type !== 'heartbeat').slice(0, 2)).toEqual([
			{ type: 'reset', channel: ch, seq: 5 },
			{ type: 'subscribed', channel: ch, seq: 5 }
		]);
		b.close();
	});

	it('no gap, no duplicate when a client disconnects during a burst and resumes', async () => {
		const ch = channels.kitchen(loc.id);
		const start = await headOf(ch);
		const total = 300;
		const a = WsClient.connect(sidecar.url, { cookie: staff.cookie });
		a.subscribe(ch);
		await a.waitFor((m) => m.some((x) => x.type === 'subscribed'));
		const done = burst(ch, total);
		await a.waitFor((m) => m.filter((x) => x.type === 'event').length >= 40);
		a.close(); // mid-burst, abruptly
		const got = seqsOf(a, ch);
		const b = WsClient.connect(sidecar.url, { cookie: staff.cookie });
		b.subscribe(ch, got[got.length - 1]);
		await done;
		await b.waitFor((m) => m.filter((x) => x.type === 'event').length + got.length >= total);
		await new Promise((r) => setTimeout(r, 300)); // any duplicate would arrive by now
		expect([...got, ...seqsOf(b, ch)]).toEqual(range(start + 1, start + total));
		expect(got.length).toBeLessThan(total); // it really was mid-burst
		b.close();
	});

	it('no gap, no duplicate when the sidecar is SIGKILLed mid-burst and another starts', async () => {
		const ch = channels.kitchen(loc.id);
		const victim = await sidecarUp();
		const start = await headOf(ch);
		const total = 300;
		const a = WsClient.connect(victim.url, { cookie: staff.cookie });
		a.subscribe(ch, start);
		await a.waitFor((m) => m.some((x) => x.type === 'subscribed'));
		const done = burst(ch, total);
		await a.waitFor((m) => m.filter((x) => x.type === 'event').length >= 40);
		await victim.stop('SIGKILL');
		await a.closed;
		const got = seqsOf(a, ch);
		expect(got.length).toBeLessThan(total);
		const again = await sidecarUp();
		const b = WsClient.connect(again.url, { cookie: staff.cookie });
		b.subscribe(ch, got[got.length - 1]);
		await done;
		await b.waitFor((m) => m.filter((x) => x.type === 'event').length + got.length >= total);
		await new Promise((r) => setTimeout(r, 300));
		expect([...got, ...seqsOf(b, ch)]).toEqual(range(start + 1, start + total));
		b.close();
		await again.stop();
		// 300 commits and two sidecar starts: ~10 s idle, over 30 s on a loaded 2-core machine.
	}, 120_000);

	it('two web processes + two sidecars on one database: every client gets every event once, in order', async () => {
		const webs = await Promise.all([startWeb(dbUrl, env), startWeb(dbUrl, env)]);
		procs.push(...webs);
		const second = await sidecarUp();
		const ch = channels.kitchen(loc.id);
		const start = await headOf(ch);
		const ws = [sidecar, second, sidecar, second].map((s) => {
			const c = WsClient.connect(s.url, { cookie: staff.cookie });
			c.subscribe(ch, start);
			return c;
		});
		const sse = await Promise.all(
			webs.map((w) =>
				SseReader.open(`${w.url}/api/v1/locations/${loc.id}/events?since=${start}`, staff.headers)
			)
		);
		await Promise.all(ws.map((c) => c.waitFor((m) => m.some((x) => x.type === 'subscribed'))));
		// Two writers on separate pools, interleaving on the same channel.
		const w1 = connect(dbUrl, { max: 2 });
		const w2 = connect(dbUrl, { max: 2 });
		const per = 100;
		await Promise.all([burst(ch, per, w1), burst(ch, per, w2)]);
		await Promise.all([w1.end(), w2.end()]);
		const want = range(start + 1, start + 2 * per);
		for (const c of ws)
			await c.waitFor((m) => m.filter((x) => x.type === 'event').length >= 2 * per);
		for (const r of sse) {
			await r.waitFor((f) => f.filter((x) => x.event === 'test:event').length >= 2 * per);
		}
		await new Promise((r) => setTimeout(r, 300));
		for (const c of ws) expect(seqsOf(c, ch)).toEqual(want);
		for (const r of sse) expect(r.events('test:event').map((f) => Number(f.id))).toEqual(want);
		ws.forEach((c) => c.close());
		sse.forEach((r) => r.close());
		await second.stop();
	}, 90_000);

	it('closes a consumer that does not read, without holding up the others', async () => {
		const slowCar = await startSidecar(dbUrl, { ...env, REALTIME_MAX_BUFFERED: '65536' });
		procs.push(slowCar);
		const ch = channels.kitchen(loc.id);
		const start = await headOf(ch);
		const slow = WsClient.connect(slowCar.url, { cookie: staff.cookie });
		const fast = WsClient.connect(slowCar.url, { cookie: staff.cookie });
		slow.subscribe(ch, start);
		fast.subscribe(ch, start);
		await slow.waitFor((m) => m.some((x) => x.type === 'subscribed'));
		await fast.waitFor((m) => m.some((x) => x.type === 'subscribed'));
		// Stop reading: the kernel buffers fill, then the sidecar's queue.
		(slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
		// More than loopback's kernel buffers (several MB) plus the sidecar's 64 KB limit.
		const big = 'x'.repeat(16_000);
		const n = 800;
		for (let i = 0; i < n; i += 50) {
			await sql.begin(async (tx) => {
				for (let j = 0; j < 50; j++) await append(tx, ch, 'test:big', { big, n: i + j });
			});
		}
		await fast.waitFor((m) => m.filter((x) => x.type === 'event').length >= n, 30_000);
		expect(seqsOf(fast, ch)).toEqual(range(start + 1, start + n));
		const stats = await (await fetch(`${slowCar.url}/stats`)).json();
		expect(stats.sockets).toBe(1); // the slow one was dropped
		slow.close();
		fast.close();
		await slowCar.stop();
	}, 60_000);
});

describe('RealtimeClient (src/lib/realtime)', () => {
	it('goes live, turns stale when heartbeats stop, resumes without gap after a sidecar restart', async () => {
		const ch = channels.kitchen(loc.id);
		let target = await sidecarUp();
		const seen: number[] = [];
		const client = await appClient(
			() => `${target.url.replace('http', 'ws')}/ws`,
			staff.cookie,
			seen
		);
		const until = async (pred: () => boolean, ms = 15_000) => {
			const end = Date.now() + ms;
			while (!pred()) {
				if (Date.now() > end) throw new Error(`timed out; status ${client.status}`);
				await new Promise((r) => setTimeout(r, 25));
			}
		};
		const start = await headOf(ch);
		client.subscribe(ch, start);
		client.start();
		await until(() => client.status === 'live');

		target.child.kill('SIGSTOP'); // alive but silent
		await until(() => client.status === 'stale');
		target.child.kill('SIGCONT');
		await until(() => client.status === 'live');

		const done = burst(ch, 150);
		await until(() => seen.length >= 30);
		await target.stop('SIGKILL');
		await until(() => client.status === 'offline' || client.status === 'connecting');
		target = await sidecarUp();
		await done;
		await until(() => seen.length >= 150);
		await new Promise((r) => setTimeout(r, 300));
		expect(seen).toEqual(range(start + 1, start + 150));
		expect(client.status).toBe('live');
		client.stop();
		await target.stop();
	}, 60_000);
});

describe('retention', () => {
	it('deletes events older than the window; a resume from before them gets reset', async () => {
		const fresh = await createLocation(sql);
		const ch = channels.kitchen(fresh.id);
		for (let i = 0; i < 4; i++) await push(ch, i);
		await sql`update events set created_at = now() - interval '49 hours' where channel = ${ch} and seq <= 2`;
		const n = await sweep(sql, 48);
		expect(n).toBeGreaterThanOrEqual(2);
		const left = await sql`select seq from events where channel = ${ch} order by seq`;
		expect(left.map((r) => r.seq)).toEqual([3, 4]);
		const c = WsClient.connect(sidecar.url, { cookie: (await createUser(sql, 'admin')).cookie });
		c.subscribe(ch, 0);
		await c.waitFor((m) => m.some((x) => x.type === 'subscribed'));
		expect(c.messages.filter((x) => x.type !== 'heartbeat')[0]).toEqual({
			type: 'reset',
			channel: ch,
			seq: 4
		});
		c.close();
	});

	it.skipIf(embedded)('only one sweeper at a time (advisory lock)', async () => {
		let release!: () => void;
		const held = new Promise<void>((r) => (release = r));
		let locked!: () => void;
		const isLocked = new Promise<void>((r) => (locked = r));
		const holder = sql.begin(async (tx) => {
			await tx`select pg_advisory_xact_lock(${RETENTION_LOCK})`;
			locked();
			await held;
		});
		await isLocked;
		expect(await sweep(sql, 48)).toBeNull();
		release();
		await holder;
		expect(await sweep(sql, 48)).not.toBeNull();
	});
});
