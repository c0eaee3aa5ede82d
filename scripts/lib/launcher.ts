// Runs the whole product: database (embedded PGlite unless DATABASE_URL), migrations, the web
// server (adapter-node build) and the realtime sidecar. If the web server dies, everything stops
// (non-zero). A crashed sidecar is restarted with backoff while the web server keeps serving:
// clients reconnect and replay what they missed from the outbox, so they see no gap.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { checkConfig, config } from '../../src/lib/server/config';
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

// Generous: on a loaded 2-core machine a tsx-started sidecar took over 30 s to answer.
async function waitHttp(url: string, child: ChildProcess, what: string, timeoutMs = 180_000) {
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

/** Sidecar restarts: 0.5 s, 1 s, 2 s, … up to 30 s; the count resets after a minute up. */
const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 30_000;
const BACKOFF_RESET_MS = 60_000;
const CRASH_WINDOW_MS = 10 * 60_000;
/** src/realtime/server.ts exits with this when the uWS native binary is missing. */
const SIDECAR_NO_NATIVE = 70;

/** Where to reach a server bound to `host` from this machine. */
function probeHost(host: string): string {
	if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
	return host.includes(':') ? `[${host}]` : host;
}

export async function launch(opts: LaunchOptions = {}): Promise<void> {
	const root = opts.root ?? process.cwd();
	// Before anything starts: a bad variable stops here, named, not in a child later.
	checkConfig();
	ensureBuild(root);

	let embedded: Embedded | null = null;
	if (!config.databaseUrl) {
		embedded = await startEmbedded(config.dataDir, opts.embeddedPort ?? 0);
		process.env.DATABASE_URL = embedded.url;
		process.env.PREPTABLE_EMBEDDED = '1';
		console.log(`Embedded database (PGlite) in ${config.dataDir}`);
	}

	const sql = connect(config.databaseUrl!, { max: 2 });
	const applied = await migrate(sql, path.join(root, 'sql'));
	if (applied.length) console.log(`Migrations applied: ${applied.join(', ')}`);
	await onStart(sql);
	await sql.end();

	const env = {
		...process.env,
		PORT: String(config.port),
		HOST: config.host,
		ORIGIN: config.origin,
		SHUTDOWN_TIMEOUT: String(config.shutdownTimeoutSeconds)
	};
	const children: ChildProcess[] = [];
	let stopping = false;

	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		clearTimeout(restartTimer);
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

	const spawnChild = (args: string[]) => {
		const child = spawn(process.execPath, args, {
			cwd: root,
			env,
			stdio: ['ignore', 'inherit', 'inherit']
		});
		children.push(child);
		child.once('exit', () => {
			const i = children.indexOf(child);
			if (i >= 0) children.splice(i, 1);
		});
		return child;
	};
	const fatalOnExit = (child: ChildProcess, name: string) =>
		child.once('exit', (code, signal) => {
			if (stopping) return;
			console.error(`FATAL ${name} exited (${signal ?? `code ${code}`}); stopping PrepTable`);
			void stop(1);
		});

	let running = false;
	const sidecarArgs = [
		// A small young generation: the sidecar holds many sockets and little garbage; the
		// default lets bursts of connections grow RSS by tens of MB (bench:realtime).
		'--max-semi-space-size=1',
		'--import',
		'tsx',
		path.join(root, 'src/realtime/server.ts')
	];
	const crashes: number[] = [];
	let restartTimer: ReturnType<typeof setTimeout> | undefined;
	const startSidecar = (): ChildProcess => {
		const child = spawnChild(sidecarArgs);
		const startedAt = Date.now();
		child.once('exit', (code, signal) => {
			if (stopping) return;
			const how = signal ?? `code ${code}`;
			// Before the product is up, or on the uWS fallback (exit 70, it will not get better by
			// itself): stop, as a failed start always has.
			if (!running || code === SIDECAR_NO_NATIVE) {
				console.error(`FATAL realtime sidecar exited (${how}); stopping PrepTable`);
				void stop(1);
				return;
			}
			const now = Date.now();
			// A sidecar that ran a good while before dying starts the backoff over.
			if (now - startedAt > BACKOFF_RESET_MS) crashes.length = 0;
			crashes.push(now);
			while (crashes[0] < now - CRASH_WINDOW_MS) crashes.shift();
			const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** (crashes.length - 1));
			console.error(
				`ERROR realtime sidecar exited (${how}); restarting in ${delay} ms. ` +
					'The web server keeps serving; live updates resume from the outbox.'
			);
			if (crashes.length >= 3) {
				console.error(
					`ERROR realtime sidecar has crashed ${crashes.length} times in the last ` +
						`${CRASH_WINDOW_MS / 60_000} minutes: live screens drop out between restarts. ` +
						'See the sidecar output above for the cause.'
				);
			}
			restartTimer = setTimeout(() => {
				restartTimer = undefined;
				if (!stopping) startSidecar();
			}, delay);
		});
		return child;
	};

	// Whoever started us may close our output before we are done (Playwright exits and the pipes
	// close while we drop the e2e database): a write then fails with EPIPE, which must not kill
	// the cleanup.
	for (const out of [process.stdout, process.stderr]) out.on('error', () => {});
	// `on`, not `once`: a stop signal often arrives more than once (a process-group SIGTERM from
	// Playwright reaches us and is relayed again by npx and tsx), and a second one with no
	// listener would kill us mid-cleanup, leaving the e2e database behind.
	for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const)
		process.on(signal, () => void stop(0));
	// If whatever started us dies without passing a signal on (some shells), stop instead of
	// lingering on the ports and the embedded data directory.
	const parent = process.ppid;
	setInterval(() => {
		if (process.ppid !== parent) void stop(0);
	}, 1000).unref();

	const web = spawnChild([path.join(root, 'build/index.js')]);
	fatalOnExit(web, 'web server');
	const realtime = startSidecar();
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
		// A child that exited because we are stopping (a signal during start-up) is not a failure.
		if (stopping) return;
		console.error(`FATAL ${(e as Error).message}`);
		await stop(1);
		return;
	}
	running = true;
	console.log(`PrepTable is running at ${config.origin} (realtime on port ${config.realtimePort})`);
}
