import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { assertNative, loadUws } from './uws';

describe('uWebSockets.js loading', () => {
	it('loads the native binary here', () => {
		expect(() => loadUws()).not.toThrow();
	});
	it('rejects a fallback App', () => {
		class TemplatedApp {}
		expect(() => assertNative({ App: () => new TemplatedApp() } as never)).toThrow(
			/native binary is not loaded/
		);
	});
	it('the sidecar refuses to start on the fallback, loudly', () => {
		const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/realtime/server.ts'], {
			env: { ...process.env, UWS_USE_FALLBACK: '1', REALTIME_PORT: '0' },
			encoding: 'utf8',
			timeout: 30_000
		});
		expect(r.status).toBe(70);
		expect(r.stderr).toMatch(/FATAL realtime sidecar: uWebSockets\.js native binary is not loaded/);
		// Starting tsx and the sidecar takes seconds on a loaded 2-core machine: the default
		// 5 s test budget is shorter than the child's own 30 s timeout.
	}, 60_000);
});
