// The e2e server is stopped the way Playwright stops it (SIGTERM to its whole process group,
// twice): its throwaway database must be dropped every time, or each CI run leaves a pt_e2e_*
// database on the shared Postgres. It is started as playwright.config.ts starts it.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { describe, expect, inject, it } from 'vitest';
import { freePort } from '../support/server';

const base = process.env.DATABASE_URL;
const onPostgres = !!base && inject('dbKind') === 'postgres';

describe.skipIf(!onPostgres)('the e2e server on Postgres', () => {
	it('drops its database and its directory when its process group gets SIGTERM', async () => {
		const prefix = `pt_e2e_stop_${randomBytes(3).toString('hex')}`;
		const admin = postgres(base!, { max: 1, onnotice: () => {} });
		const databases = async () =>
			(
				await admin<{ datname: string }[]>`
					select datname from pg_database where datname like ${prefix + '%'}`
			).map((r) => r.datname);
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-e2e-stop-'));
		const port = await freePort();
		const origin = `http://localhost:${port}`;
		let out = '';
		const child = spawn('node --import tsx tests/e2e/server.ts', {
			shell: true,
			// Through a shell and in its own process group, as Playwright starts its webServer.
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
			env: {
				...process.env,
				DATABASE_URL: base,
				E2E_DB_PREFIX: prefix,
				E2E_DIR: dir,
				PORT: String(port),
				REALTIME_PORT: String(await freePort()),
				ORIGIN: origin,
				WEBAUTHN_RP_ORIGIN: origin,
				BOOTSTRAP_URL_FILE: path.join(dir, 'bootstrap-url.txt'),
				SAAVOR_WEBHOOK_SECRET: 'stop-test'
			}
		});
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (out += d));
		const exited = new Promise<void>((r) => child.once('exit', () => r()));
		try {
			const until = Date.now() + 240_000;
			let up = false;
			while (!up && Date.now() < until && child.exitCode === null) {
				up = (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.ok ?? false;
				if (!up) await new Promise((r) => setTimeout(r, 200));
			}
			expect(up, out).toBe(true);
			expect(await databases()).toHaveLength(1);

			process.kill(-child.pid!, 'SIGTERM');
			// A stop signal often arrives twice (Playwright, a shell relaying it): on a loaded machine
			// the second lands while the launcher is already cleaning up. Make that happen every time.
			await new Promise((r) => setTimeout(r, 30));
			try {
				process.kill(-child.pid!, 'SIGTERM');
			} catch {
				// everyone already exited
			}
			// The shell dies of the signal at once and Playwright exits, closing the pipes the
			// launcher below still writes to: it must clean up on its own time all the same.
			await exited;
			child.stdout.destroy();
			child.stderr.destroy();
			const by = Date.now() + 30_000;
			while (Date.now() < by && ((await databases()).length || fs.existsSync(dir))) {
				await new Promise((r) => setTimeout(r, 200));
			}
			expect(await databases(), out).toEqual([]);
			expect(fs.existsSync(dir), out).toBe(false);
		} finally {
			try {
				process.kill(-child.pid!, 'SIGKILL');
			} catch {
				// the group is gone
			}
			for (const name of await databases()) {
				await admin.unsafe(`drop database if exists ${name} with (force)`);
			}
			await admin.end();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	}, 300_000);
});
