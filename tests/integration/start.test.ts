// `npm start` as a user runs it: no DATABASE_URL, embedded PGlite in a data dir.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { append } from '../../src/lib/server/events/outbox';
import { channels } from '../../src/lib/shared/channels';
import { createLocation, createUser } from '../support/auth';
import { freePort } from '../support/server';

async function startProduct(env: Record<string, string>) {
	const port = await freePort();
	const realtimePort = await freePort();
	const childEnv: Record<string, string | undefined> = {
		...process.env,
		PORT: String(port),
		REALTIME_PORT: String(realtimePort),
		...env
	};
	if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
	let out = '';
	const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
		env: childEnv,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout.on('data', (d) => (out += d));
	child.stderr.on('data', (d) => (out += d));
	const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
	// Starting PGlite on a fresh directory and migrating takes seconds idle, a minute or more loaded.
	const until = Date.now() + 180_000;
	while (Date.now() < until && child.exitCode === null && !out.includes('PrepTable is running')) {
		await new Promise((r) => setTimeout(r, 100));
	}
	return { child, port, realtimePort, output: () => out, exited };
}

describe('npm start on embedded PGlite', () => {
	it('serves /healthz and the sidecar, keeps data across restarts, stops on SIGTERM', async () => {
		const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-start-'));
		const bootstrapUrls: string[] = [];
		try {
			for (let run = 0; run < 2; run++) {
				const p = await startProduct({ PREPTABLE_DATA_DIR: dataDir });
				expect(p.output()).toContain('PrepTable is running at');
				bootstrapUrls.push(/Bootstrap admin invitation: (\S+)/.exec(p.output())?.[1] ?? '');
				// Each start prints the link on its own origin (the port is picked per run here).
				expect(new URL(bootstrapUrls[run]).port).toBe(String(p.port));
				expect(await (await fetch(`http://127.0.0.1:${p.port}/healthz`)).text()).toBe('ok');
				expect((await fetch(`http://127.0.0.1:${p.realtimePort}/healthz`)).status).toBe(200);
				// The first run applies migrations; the second finds them applied.
				if (run === 0) expect(p.output()).toMatch(/Migrations applied: 00001_/);
				else expect(p.output()).not.toMatch(/Migrations applied/);
				const t0 = Date.now();
				p.child.kill('SIGTERM');
				expect(await p.exited).toBe(0);
				expect(Date.now() - t0).toBeLessThan(15_000);
			}
			// Until someone uses it, a restart prints the same bootstrap link (the old one still works).
			expect(bootstrapUrls[0]).toMatch(/\/invite\/[\w-]{20,}$/);
			// Same invitation token: the same link on an unchanged origin.
			expect(new URL(bootstrapUrls[1]).pathname).toBe(new URL(bootstrapUrls[0]).pathname);
		} finally {
			fs.rmSync(dataDir, { recursive: true, force: true });
		}
	}, 400_000);

	it('fails loudly when the uWebSockets.js native binary is not loaded', async () => {
		const p = await startProduct({ PREPTABLE_DATA_DIR: 'memory://', UWS_USE_FALLBACK: '1' });
		expect(await p.exited).toBe(1);
		expect(p.output()).toMatch(
			/FATAL realtime sidecar: uWebSockets\.js native binary is not loaded/
		);
		expect(p.output()).not.toContain('PrepTable is running');
	}, 200_000);
});

function runScript(script: string, env: Record<string, string>) {
	const childEnv: Record<string, string | undefined> = { ...process.env, ...env };
	delete childEnv.DATABASE_URL;
	const child = spawn(process.execPath, ['--import', 'tsx', script], {
		env: childEnv,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	child.stdout.on('data', (d) => (out += d));
	child.stderr.on('data', (d) => (out += d));
	return new Promise<{ code: number | null; out: string }>((r) =>
		child.once('exit', (code) => r({ code, out }))
	);
}

describe('npm start and the other scripts on one data directory', () => {
	it('seed:demo works while the product runs (through its database) and when it is stopped; a second start refuses', async () => {
		const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-seed-'));
		const menu = (port: number) =>
			fetch(`http://127.0.0.1:${port}/api/customer/downtown-lima/downtown-lima-1/menu`);
		try {
			const p = await startProduct({ PREPTABLE_DATA_DIR: dataDir });
			expect(p.output()).toContain('PrepTable is running at');
			expect((await menu(p.port)).status).toBe(404);

			const seeded = await runScript('scripts/seed-demo.ts', { PREPTABLE_DATA_DIR: dataDir });
			expect(seeded.out).toMatch(/through the running PrepTable/);
			expect(seeded.out).toMatch(/demo data ready/);
			expect(seeded.code).toBe(0);
			// The running server sees it at once: one database, not a second copy of the files.
			expect((await menu(p.port)).status).toBe(200);

			// A second product on the same directory stops with a clear message; the first is fine.
			const second = await startProduct({ PREPTABLE_DATA_DIR: dataDir });
			expect(await second.exited).toBe(1);
			expect(second.output()).toMatch(/in use by another process \(pid \d+\)/);
			expect((await menu(p.port)).status).toBe(200);

			p.child.kill('SIGTERM');
			expect(await p.exited).toBe(0);
			// Stopped: the seed opens the directory itself (and is idempotent).
			const offline = await runScript('scripts/seed-demo.ts', { PREPTABLE_DATA_DIR: dataDir });
			expect(offline.code).toBe(0);
			expect(offline.out).not.toMatch(/through the running PrepTable/);
			expect(offline.out).toMatch(/demo data ready/);
		} finally {
			fs.rmSync(dataDir, { recursive: true, force: true });
		}
	}, 600_000);
});

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
		const { RealtimeClient } = await import('../../src/lib/realtime/client.svelte');
		const WebSocket = (await import('ws')).default;
		const seen: number[] = [];
		const client = new RealtimeClient({
			url: () => `ws://127.0.0.1:${p.realtimePort}/ws`,
			heartbeatMs: 500,
			minBackoffMs: 100,
			maxBackoffMs: 400,
			onEvent: (e) => seen.push(e.seq),
			createSocket: (url, protocols) =>
				new WebSocket(url, protocols, { headers: { cookie: staff.cookie } }) as never
		});
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
