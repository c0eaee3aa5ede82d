// Runs the whole product: database (embedded PGlite unless DATABASE_URL), migrations, the web
// server (adapter-node build) and the realtime sidecar. Exits non-zero if either child dies.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { config } from '../../src/lib/server/config';
import { connect } from '../../src/lib/server/db/index';
import { startEmbedded, type Embedded } from '../../src/lib/server/db/embedded';
import { migrate } from '../../src/lib/server/db/migrate';
import { onStart } from '../../src/lib/server/startup';
import { ensureBuild } from './build';

export interface LaunchOptions {
	root?: string;
	/** Port for the embedded database's socket (0: any free port). */
	embeddedPort?: number;
	/** Awaited after the children have stopped and before the process exits. */
	onStop?: () => Promise<void>;
}

async function waitHttp(url: string, child: ChildProcess, what: string, timeoutMs = 30_000) {
	const until = Date.now() + timeoutMs;
	while (Date.now() < until) {
		if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}`);
		try {
			const r = await fetch(url);
			if (r.ok) return;
		} catch {
			/* not up yet */
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`${what} did not answer ${url} within ${timeoutMs} ms`);
}

/** Where to reach a server bound to `host` from this machine. */
function probeHost(host: string): string {
	if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
	return host.includes(':') ? `[${host}]` : host;
}

export async function launch(opts: LaunchOptions = {}): Promise<void> {
	const root = opts.root ?? process.cwd();
	ensureBuild(root);

	let embedded: Embedded | null = null;
	if (!config.databaseUrl) {
		embedded = await startEmbedded(config.dataDir, opts.embeddedPort ?? 0);
		process.env.DATABASE_URL = embedded.url;
		process.env.PREPTABLE_EMBEDDED = '1';
		console.log(`Embedded database (PGlite) in ${config.dataDir}`);
	}

	const sql = connect(process.env.DATABASE_URL!, { max: 2 });
	const applied = await migrate(sql, path.join(root, 'sql'));
	if (applied.length) console.log(`Migrations applied: ${applied.join(', ')}`);
	await onStart(sql);
	await sql.end();

	const env = {
		...process.env,
		PORT: String(config.port),
		HOST: config.host,
		ORIGIN: config.origin,
		SHUTDOWN_TIMEOUT: process.env.SHUTDOWN_TIMEOUT ?? '5'
	};
	const children: ChildProcess[] = [];
	let stopping = false;

	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		await Promise.all(
			children.map(
				(c) =>
					new Promise<void>((resolve) => {
						if (c.exitCode !== null || c.signalCode !== null) return resolve();
						const t = setTimeout(() => c.kill('SIGKILL'), 10_000);
						c.once('exit', () => (clearTimeout(t), resolve()));
						c.kill('SIGTERM');
					})
			)
		);
		await embedded?.close().catch(() => {});
		await opts.onStop?.().catch((e) => console.error(`cleanup failed: ${(e as Error).message}`));
		process.exit(code);
	};

	const start = (name: string, args: string[]) => {
		const child = spawn(process.execPath, args, {
			cwd: root,
			env,
			stdio: ['ignore', 'inherit', 'inherit']
		});
		child.once('exit', (code, signal) => {
			if (stopping) return;
			console.error(`FATAL ${name} exited (${signal ?? `code ${code}`}); stopping PrepTable`);
			void stop(1);
		});
		children.push(child);
		return child;
	};

	process.once('SIGTERM', () => void stop(0));
	process.once('SIGINT', () => void stop(0));
	process.once('SIGHUP', () => void stop(0));
	// If whatever started us dies without passing a signal on (some shells), stop instead of
	// lingering on the ports and the embedded data directory.
	const parent = process.ppid;
	setInterval(() => {
		if (process.ppid !== parent) void stop(0);
	}, 1000).unref();

	const web = start('web server', [path.join(root, 'build/index.js')]);
	const realtime = start('realtime sidecar', [
		// A small young generation: the sidecar holds many sockets and little garbage; the
		// default lets bursts of connections grow RSS by tens of MB (bench:realtime).
		'--max-semi-space-size=1',
		'--import',
		'tsx',
		path.join(root, 'src/realtime/server.ts')
	]);
	try {
		await Promise.all([
			waitHttp(`http://${probeHost(config.host)}:${config.port}/healthz`, web, 'web server'),
			waitHttp(
				`http://${probeHost(config.realtimeHost)}:${config.realtimePort}/healthz`,
				realtime,
				'realtime sidecar'
			)
		]);
	} catch (e) {
		console.error(`FATAL ${(e as Error).message}`);
		await stop(1);
		return;
	}
	console.log(`PrepTable is running at ${config.origin} (realtime on port ${config.realtimePort})`);
}
