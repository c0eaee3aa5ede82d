// `npm start` as a user runs it: no DATABASE_URL, embedded PGlite in a data dir.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
	delete childEnv.DATABASE_URL;
	let out = '';
	const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
		env: childEnv,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout.on('data', (d) => (out += d));
	child.stderr.on('data', (d) => (out += d));
	const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
	const until = Date.now() + 60_000;
	while (Date.now() < until && child.exitCode === null && !out.includes('PrepTable is running')) {
		await new Promise((r) => setTimeout(r, 100));
	}
	return { child, port, realtimePort, output: () => out, exited };
}

describe('npm start on embedded PGlite', () => {
	it('serves /healthz and the sidecar, keeps data across restarts, stops on SIGTERM', async () => {
		const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-start-'));
		try {
			for (let run = 0; run < 2; run++) {
				const p = await startProduct({ PREPTABLE_DATA_DIR: dataDir });
				expect(p.output()).toContain('PrepTable is running at');
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
		} finally {
			fs.rmSync(dataDir, { recursive: true, force: true });
		}
	}, 120_000);

	it('fails loudly when the uWebSockets.js native binary is not loaded', async () => {
		const p = await startProduct({ PREPTABLE_DATA_DIR: 'memory://', UWS_USE_FALLBACK: '1' });
		expect(await p.exited).toBe(1);
		expect(p.output()).toMatch(
			/FATAL realtime sidecar: uWebSockets\.js native binary is not loaded/
		);
		expect(p.output()).not.toContain('PrepTable is running');
	}, 90_000);
});
