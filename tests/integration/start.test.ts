// `npm start` as a user runs it: no DATABASE_URL, embedded PGlite in a data dir. Nothing here
// reads the run's database, so CI runs this file once, not again in its PGlite pass (.ci/run).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startProduct } from '../support/product';

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
