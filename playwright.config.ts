import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

// Two runs on one machine (CI beside a developer, two clones) must not collide: pick free ports
// and a private directory once, in the main process, and hand them to the server and the test
// workers through the environment (workers re-evaluate this file but inherit process.env).
if (!process.env.E2E_PORT) {
	const ports = execFileSync(process.execPath, [
		'-e',
		`const net = require('node:net');
		const a = net.createServer().listen(0, '127.0.0.1', () => {
			const b = net.createServer().listen(0, '127.0.0.1', () => {
				console.log(a.address().port + ' ' + b.address().port);
				a.close(); b.close();
			});
		});`
	])
		.toString()
		.trim()
		.split(' ');
	process.env.E2E_PORT = ports[0];
	process.env.E2E_REALTIME_PORT ??= ports[1];
}
// Outside test-results/, which Playwright empties after starting the server.
process.env.E2E_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'preptable-e2e-'));
const port = Number(process.env.E2E_PORT);
const realtimePort = Number(process.env.E2E_REALTIME_PORT);
export const bootstrapFile = path.join(process.env.E2E_DIR, 'bootstrap-url.txt');

export default defineConfig({
	testDir: 'tests/e2e',
	// Budgets for a loaded 2-core CI machine (long flows set their own with test.setTimeout); the
	// assertions are the same, only the time they may take to come true.
	timeout: 120_000,
	expect: { timeout: 20_000 },
	fullyParallel: false,
	workers: 1,
	retries: 0,
	reporter: process.env.CI ? [['list']] : [['list']],
	outputDir: 'test-results',
	use: {
		// WebAuthn needs a secure context: localhost qualifies, 127.0.0.1 does not.
		baseURL: `http://localhost:${port}`,
		...devices['Pixel 7'],
		viewport: { width: 390, height: 844 },
		browserName: 'chromium',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		},
		trace: 'retain-on-failure'
	},
	webServer: {
		// Node itself, not the tsx CLI: tsx relays a stop signal and SIGKILLs its child when the
		// child does not acknowledge it within 30 ms, which a busy machine misses; the server was
		// then killed before it dropped its database.
		command: 'node --import tsx tests/e2e/server.ts',
		url: `http://127.0.0.1:${port}/healthz`,
		reuseExistingServer: false,
		// SIGTERM, not the default SIGKILL: the server drops its throwaway database on the way out.
		gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
		// Includes a build when the sources changed: minutes on a loaded machine.
		timeout: 600_000,
		stdout: 'pipe',
		stderr: 'pipe',
		env: {
			PORT: String(port),
			REALTIME_PORT: String(realtimePort),
			ORIGIN: `http://localhost:${port}`,
			WEBAUTHN_RP_ORIGIN: `http://localhost:${port}`,
			// The first-run admin invitation URL, for the identity e2e test to open.
			BOOTSTRAP_URL_FILE: bootstrapFile,
			SAAVOR_WEBHOOK_SECRET: 'e2e-saavor-secret',
			// Streams are closed by the server every few seconds here, so every e2e run also
			// exercises resuming with Last-Event-ID.
			SSE_MAX_AGE_MS: '7000'
		}
	}
});
