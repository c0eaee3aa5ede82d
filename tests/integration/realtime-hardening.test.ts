// The sidecar as an exposed service: where it listens, who may read /stats.
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { createUser, type TestUser } from '../support/auth';
import { startSidecar, type Proc } from '../support/server';

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

/** An address of this machine that is not loopback (the sidecar must not answer on it). */
const external = Object.values(os.networkInterfaces())
	.flat()
	.find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

beforeAll(async () => {
	admin = await createUser(sql, 'admin');
	staff = await createUser(sql, 'staff');
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
