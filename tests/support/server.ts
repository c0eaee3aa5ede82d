// Starts the built web server (and optionally the realtime sidecar) as child processes.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.once('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address() as net.AddressInfo;
			s.close(() => resolve(port));
		});
	});
}

export interface Proc {
	child: ChildProcess;
	port: number;
	url: string;
	output: () => string;
	stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function waitFor(
	url: string,
	child: ChildProcess,
	timeoutMs = 30_000,
	log = () => ''
) {
	const until = Date.now() + timeoutMs;
	while (Date.now() < until) {
		if (child.exitCode !== null) throw new Error(`process exited ${child.exitCode}: ${log()}`);
		try {
			if ((await fetch(url)).ok) return;
		} catch {
			/* not yet */
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`no answer from ${url}: ${log()}`);
}

function run(args: string[], env: Record<string, string>, port: number, host: string): Proc {
	let out = '';
	const child = spawn(process.execPath, args, {
		cwd: path.resolve('.'),
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout!.on('data', (d) => (out += d));
	child.stderr!.on('data', (d) => (out += d));
	return {
		child,
		port,
		url: `http://${host}:${port}`,
		output: () => out,
		stop(signal = 'SIGTERM') {
			return new Promise((resolve) => {
				if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
				const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
				child.once('exit', (code) => (clearTimeout(t), resolve(code)));
				child.kill(signal);
			});
		}
	};
}

export async function startWeb(
	databaseUrl: string,
	env: Record<string, string> = {}
): Promise<Proc> {
	const port = await freePort();
	const p = run(
		[path.resolve('build/index.js')],
		{
			DATABASE_URL: databaseUrl,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: `http://localhost:${port}`,
			SHUTDOWN_TIMEOUT: '2',
			...env
		},
		port,
		'localhost'
	);
	await waitFor(`http://127.0.0.1:${port}/healthz`, p.child, 30_000, p.output);
	return p;
}

export async function startSidecar(
	databaseUrl: string,
	env: Record<string, string> = {}
): Promise<Proc> {
	const port = await freePort();
	const p = run(
		['--import', 'tsx', path.resolve('src/realtime/server.ts')],
		{ DATABASE_URL: databaseUrl, REALTIME_PORT: String(port), ...env },
		port,
		'127.0.0.1'
	);
	await waitFor(`http://127.0.0.1:${port}/healthz`, p.child, 30_000, p.output);
	return p;
}
