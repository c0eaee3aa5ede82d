// `npm start` as a user runs it (scripts/start.ts: the launcher, the web server and the sidecar)
// on free ports, for tests that start the whole product.
import { spawn } from 'node:child_process';
import { freePort } from './server';

export async function startProduct(env: Record<string, string>) {
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
