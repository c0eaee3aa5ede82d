// A bad configuration value stops each process at start, with the variable's name.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';

function run(args: string[], env: Record<string, string>) {
	return spawnSync(process.execPath, args, {
		env: { ...process.env, DATABASE_URL: inject('databaseUrl'), ...env },
		encoding: 'utf8',
		timeout: 60_000
	});
}

describe('configuration refuses to start on a bad value', () => {
	it('web server (build): names the variable and exits 78', () => {
		const r = run([path.resolve('build/index.js')], {
			PORT: '0',
			HOST: '127.0.0.1',
			SESSION_IDLE_HOURS: 'twelve',
			EVENT_POLL_MS: '-1'
		});
		expect(r.status, r.stderr).toBe(78);
		expect(r.stderr).toContain('SESSION_IDLE_HOURS="twelve": must be a number above 0');
		expect(r.stderr).toContain('EVENT_POLL_MS="-1": must be a whole number ≥ 10');
	}, 90_000);

	it('realtime sidecar: names the variable and exits 78', () => {
		const r = run(['--import', 'tsx', 'src/realtime/server.ts'], {
			REALTIME_PORT: '0',
			REALTIME_HEARTBEAT_MS: 'soon'
		});
		expect(r.status, r.stderr).toBe(78);
		expect(r.stderr).toContain(
			'FATAL realtime sidecar: bad configuration (see README, Configuration):'
		);
		expect(r.stderr).toContain('REALTIME_HEARTBEAT_MS="soon": must be a whole number ≥ 100');
	}, 90_000);

	it('launcher (npm start): names the variable before starting anything', () => {
		const r = run(['--import', 'tsx', 'scripts/start.ts'], {
			PORT: '0',
			TABLE_REQUEST_TTL_MINUTES: 'NaN'
		});
		expect(r.status, r.stderr).toBe(78);
		expect(r.stderr).toContain('TABLE_REQUEST_TTL_MINUTES="NaN": must be a number above 0');
	}, 90_000);
});
