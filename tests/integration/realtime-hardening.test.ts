// The sidecar as an exposed service: where it listens, who may read /stats, what one socket
// may cost the others (subscribe floods, slow consumers), what a pending diner may read.
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect, type Sql } from '../../src/lib/server/db/index';
import { signCustomerToken } from '../../src/lib/server/auth/customer-jwt';
import { append } from '../../src/lib/server/events/outbox';
import { channels } from '../../src/lib/shared/channels';
import { SLOW_CONSUMER, SUBSCRIBE_LIMIT } from '../../src/realtime/hub';
import { createLocation, createUser, type TestUser } from '../support/auth';
import { startSidecar, type Proc } from '../support/server';
import { WsClient } from '../support/ws';

process.env.CUSTOMER_JWT_SECRET ??= randomBytes(40).toString('base64url');
const dbUrl = inject('databaseUrl');
const env = {
	PREPTABLE_EMBEDDED: inject('dbKind') === 'pglite' ? '1' : '0',
	CUSTOMER_JWT_SECRET: process.env.CUSTOMER_JWT_SECRET!
};
const sql = connect(dbUrl, { max: 2 });
const procs: Proc[] = [];
let admin: TestUser;
let staff: TestUser;
let loc: { id: string; slug: string };
let sidecar: Proc;

/** An address of this machine that is not loopback (the sidecar must not answer on it). */
const external = Object.values(os.networkInterfaces())
	.flat()
	.find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

beforeAll(async () => {
	loc = await createLocation(sql);
	admin = await createUser(sql, 'admin');
	staff = await createUser(sql, 'staff', [loc.id]);
	sidecar = await startSidecar(dbUrl, env);
	procs.push(sidecar);
});
afterAll(async () => {
	await Promise.all(procs.map((p) => p.stop()));
	await sql.end();
});

async function reachable(url: string): Promise<boolean> {
	try {
		await fetch(url, { signal: AbortSignal.timeout(5000) });
		return true;
	} catch {
		return false;
	}
}

describe.skipIf(!external)('realtime sidecar: exposure (via ' + external + ')', () => {
	it('listens on HOST only (REALTIME_HOST overrides it)', async () => {
		const onLoopback = await startSidecar(dbUrl, { ...env, HOST: '127.0.0.1' });
		procs.push(onLoopback);
		expect(await reachable(`http://127.0.0.1:${onLoopback.port}/healthz`)).toBe(true);
		expect(await reachable(`http://${external}:${onLoopback.port}/healthz`)).toBe(false);

		const own = await startSidecar(dbUrl, { ...env, HOST: '0.0.0.0', REALTIME_HOST: '127.0.0.1' });
		procs.push(own);
		expect(await reachable(`http://${external}:${own.port}/healthz`)).toBe(false);

		const everywhere = await startSidecar(dbUrl, { ...env, HOST: '0.0.0.0' });
		procs.push(everywhere);
		expect(await reachable(`http://${external}:${everywhere.port}/healthz`)).toBe(true);
	}, 60_000);

	it('/stats answers loopback callers and admins only', async () => {
		const car = await startSidecar(dbUrl, { ...env, HOST: '0.0.0.0' });
		procs.push(car);
		const remote = `http://${external}:${car.port}/stats`;
		const local = await fetch(`http://127.0.0.1:${car.port}/stats`);
		expect(local.status).toBe(200);
		expect(await local.json()).toHaveProperty('sockets');

		const anon = await fetch(remote);
		expect(anon.status).toBe(403);
		expect(await anon.text()).not.toContain('sockets');
		expect((await fetch(remote, { headers: { cookie: staff.cookie } })).status).toBe(403);
		expect((await fetch(remote, { headers: { cookie: 'preptable_session=forged' } })).status).toBe(
			403
		);
		const asAdmin = await fetch(remote, { headers: { cookie: admin.cookie } });
		expect(asAdmin.status).toBe(200);
		expect(await asAdmin.json()).toHaveProperty('sockets');
	}, 60_000);
});

async function tableSession(db: Sql, locationId: string, status: string) {
	const n = 1 + Math.floor(Math.random() * 9000);
	const [t] = await db<{ id: string }[]>`
		insert into dining_tables (location_id, number, code)
		values (${locationId}, ${n}, ${`t-${randomBytes(6).toString('hex')}`}) returning id`;
	const [s] = await db<{ id: string }[]>`
		insert into table_sessions (table_id, location_id, customer_name, status)
		values (${t.id}, ${locationId}, 'Ana', ${status}) returning id`;
	const token = await signCustomerToken({ sessionId: s.id, tableId: t.id, locationId });
	return { id: s.id, token };
}

const headOf = async (ch: string) =>
	(await sql<{ last_seq: number }[]>`select last_seq from event_channels where channel = ${ch}`)[0]
		?.last_seq ?? 0;

describe('realtime sidecar: one socket cannot hold up the others', () => {
	it('5 sockets × 2,000 subscribe frames are closed with 4029; another client still gets its kitchen event', async () => {
		expect(SUBSCRIBE_LIMIT).toBe(4029);
		const ch = channels.kitchen(loc.id);
		const normal = WsClient.connect(sidecar.url, { cookie: staff.cookie });
		normal.subscribe(ch);
		await normal.waitFor((m) => m.some((x) => x.type === 'subscribed'));

		const flooders = Array.from({ length: 5 }, () =>
			WsClient.connect(sidecar.url, { cookie: staff.cookie })
		);
		await Promise.all(flooders.map((f) => f.opened));
		const frame = JSON.stringify({ type: 'subscribe', channel: ch });
		for (const f of flooders) for (let i = 0; i < 2000; i++) f.ws.send(frame);
		await sql.begin((tx) => append(tx, ch, 'test:event', { n: 1 }));

		const codes = await Promise.all(
			flooders.map((f) =>
				Promise.race([f.closed, new Promise((r) => setTimeout(() => r('open'), 20_000))])
			)
		);
		expect(codes).toEqual([4029, 4029, 4029, 4029, 4029]);
		await normal.waitFor((m) => m.some((x) => x.type === 'event' && x.channel === ch));
		expect(normal.closeCode).toBeNull();
		normal.close();
	}, 60_000);

	it('a socket subscribed to more channels than allowed is closed with 4029', async () => {
		const c = WsClient.connect(sidecar.url, { cookie: admin.cookie });
		await c.opened;
		// Admins may read every location's channels: 100 distinct ones, slowly enough for the rate.
		for (let i = 0; i < 100 && c.closeCode === null; i++) {
			c.subscribe(`kitchen:${crypto.randomUUID()}`);
			await new Promise((r) => setTimeout(r, 120));
		}
		expect(await c.closed).toBe(4029);
		expect(c.of('subscribed').length).toBeLessThanOrEqual(64);
	}, 60_000);

	it('closes a slow consumer with 4008, as documented, while another gets everything', async () => {
		expect(SLOW_CONSUMER).toBe(4008);
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
		const socket = (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
		socket.pause();
		const big = 'x'.repeat(16_000);
		const n = 800;
		for (let i = 0; i < n; i += 50) {
			await sql.begin(async (tx) => {
				for (let j = 0; j < 50; j++) await append(tx, ch, 'test:big', { big, n: i + j });
			});
		}
		await fast.waitFor((m) => m.filter((x) => x.type === 'event').length >= n, 30_000);
		expect(fast.events(ch).map((m) => m.seq)).toEqual(
			Array.from({ length: n }, (_, i) => start + 1 + i)
		);
		// Reading again, the slow client gets what was queued for it, then the close frame.
		socket.resume();
		expect(await slow.closed).toBe(SLOW_CONSUMER);
		const got = slow.events(ch).map((m) => m.seq!);
		expect(got).toEqual(Array.from({ length: got.length }, (_, i) => start + 1 + i));
		fast.close();
		await slowCar.stop();
	}, 90_000);
});

describe('realtime sidecar: a pending table session', () => {
	it('may open a socket and read its own session channel, nothing else', async () => {
		const pending = await tableSession(sql, loc.id, 'pending');
		const other = await tableSession(sql, loc.id, 'active');
		const c = WsClient.connect(sidecar.url, { token: pending.token });
		const own = `session:${pending.id}`;
		c.subscribe(own);
		for (const ch of [
			channels.branch(loc.id),
			channels.kitchen(loc.id),
			`session:${other.id}`,
			'session:*',
			`branch:${loc.id}:x`
		]) {
			c.subscribe(ch);
		}
		await c.waitFor(
			(m) =>
				m.filter((x) => x.type === 'error').length >= 5 && m.some((x) => x.type === 'subscribed')
		);
		expect(c.of('subscribed').map((m) => m.channel)).toEqual([own]);
		expect(c.of('error').every((m) => m.code === 'forbidden')).toBe(true);
		await sql.begin((tx) => append(tx, own, 'test:event', { n: 1 }));
		await sql.begin((tx) => append(tx, `session:${other.id}`, 'test:event', { n: 2 }));
		await c.waitFor((m) => m.some((x) => x.type === 'event'));
		await new Promise((r) => setTimeout(r, 500));
		expect(c.events().map((m) => m.channel)).toEqual([own]);
		expect(c.closeCode).toBeNull();
		c.close();
	}, 30_000);
});
