// The launcher keeps the web server up while the realtime sidecar crashes, on the run's database.
import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { append } from '../../src/lib/server/events/outbox';
import { channels } from '../../src/lib/shared/channels';
import { createLocation, createUser } from '../support/auth';
import { startProduct } from '../support/product';
import { appClient } from '../support/ws';

describe('npm start: the realtime sidecar crashes', () => {
	it('SIGKILLed sidecar: web keeps answering, the launcher restarts it with backoff, a client resumes without gap', async () => {
		const dbUrl = inject('databaseUrl');
		process.env.CUSTOMER_JWT_SECRET ??= randomBytes(40).toString('base64url');
		const sql = connect(dbUrl, { max: 2 });
		const loc = await createLocation(sql);
		const staff = await createUser(sql, 'staff', [loc.id]);
		const ch = channels.kitchen(loc.id);
		const p = await startProduct({
			DATABASE_URL: dbUrl,
			PREPTABLE_EMBEDDED: inject('dbKind') === 'pglite' ? '1' : '0',
			PREPTABLE_DATA_DIR: 'memory://',
			CUSTOMER_JWT_SECRET: process.env.CUSTOMER_JWT_SECRET!,
			REALTIME_HEARTBEAT_MS: '500'
		});
		const seen: number[] = [];
		const client = await appClient(() => `ws://127.0.0.1:${p.realtimePort}/ws`, staff.cookie, seen);
		const until = async (pred: () => boolean, what: string, ms = 90_000) => {
			const end = Date.now() + ms;
			while (!pred()) {
				if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${p.output()}`);
				await new Promise((r) => setTimeout(r, 25));
			}
		};
		const sidecarPids = () =>
			[...p.output().matchAll(/realtime sidecar \(pid (\d+)\) listening/g)].map((m) => +m[1]);
		const webOk = async () =>
			(await fetch(`http://127.0.0.1:${p.port}/healthz`).catch(() => null))?.status === 200;
		try {
			expect(p.output()).toContain('PrepTable is running at');
			const [head] = await sql<{ last_seq: number }[]>`
				select coalesce(max(last_seq), 0)::int as last_seq from event_channels where channel = ${ch}`;
			const start = head.last_seq;
			client.subscribe(ch, start);
			client.start();
			await until(() => client.status === 'live', 'live');

			// Events keep coming while the sidecar is killed three times.
			const total = 120;
			let emitted = 0;
			const emitter = (async () => {
				for (; emitted < total; emitted++) {
					await sql.begin((tx) => append(tx, ch, 'test:event', { n: emitted }));
					await new Promise((r) => setTimeout(r, 40));
				}
			})();
			for (let kill = 1; kill <= 3; kill++) {
				await until(() => sidecarPids().length === kill, `sidecar #${kill}`);
				const pid = sidecarPids()[kill - 1];
				await until(() => seen.length >= kill * 20, `events before kill ${kill}`);
				process.kill(pid, 'SIGKILL');
				// The web server is not taken down with it.
				expect(await webOk()).toBe(true);
				expect(p.child.exitCode).toBeNull();
			}
			await until(() => sidecarPids().length === 4, 'the fourth sidecar');
			await emitter;
			await until(() => seen.length >= total, `all ${total} events (got ${seen.length})`);
			await new Promise((r) => setTimeout(r, 300));
			expect(seen).toEqual(Array.from({ length: total }, (_, i) => start + 1 + i));
			expect(await webOk()).toBe(true);
			expect(client.status).toBe('live');

			// Loud: each crash is an ERROR line with the backoff, growing; repeated crashes say so.
			const delays = [
				...p.output().matchAll(/ERROR realtime sidecar exited \(SIGKILL\); restarting in (\d+) ms/g)
			].map((m) => +m[1]);
			expect(delays).toHaveLength(3);
			expect(delays[1]).toBeGreaterThan(delays[0]);
			expect(delays[2]).toBeGreaterThan(delays[1]);
			expect(p.output()).toMatch(/ERROR realtime sidecar has crashed 3 times/);
			expect(p.output()).not.toContain('stopping PrepTable');
		} finally {
			client.stop();
			p.child.kill('SIGTERM');
			expect(await p.exited).toBe(0);
			await sql.end();
		}
	}, 400_000);
});
