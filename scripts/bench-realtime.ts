// npm run bench:realtime — loopback benchmark of the realtime sidecar (uWebSockets.js) against
// the same hub served by the plain `ws` library, in one run. Writes bench/results/realtime.json.
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:realtime
// (a throwaway database is created and dropped; without DATABASE_URL it uses embedded PGlite,
// where wake-ups are polled and latency is bounded by EVENT_POLL_MS).
// Needs `ulimit -n` above BENCH_SOCKETS + 1000 (each process: server and client hold one fd per
// socket); raise it in the shell first, e.g. `ulimit -n 65536`.
// Knobs: BENCH_SOCKETS (10000), BENCH_SECONDS per phase (5), BENCH_FANOUT_RATE events/s (10),
// BENCH_HOT_RATE events/s to 1,000 sockets (120: offers 120k deliveries/s, so a result above
// 100k/s is measurable), BENCH_CLIENT (c | node).
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { scriptConfig } from '../src/lib/server/config';
import { connect } from '../src/lib/server/db/index';
import { append } from '../src/lib/server/events/outbox';
import { channels } from '../src/lib/shared/channels';
import { createTestDatabase } from '../tests/support/db';
import { addLatency, BUCKET_MS, newHistogram } from './bench/histogram';
import { createLocation, createUser } from '../tests/support/auth';
import { freePort, waitFor } from '../tests/support/server';

const SOCKETS = scriptConfig.benchSockets;
const SECONDS = scriptConfig.benchSeconds;
const FANOUT_RATE = scriptConfig.benchFanoutRate;
const HOT_RATE = scriptConfig.benchHotRate;
const CLIENT_PROCS = 2;
const LATENCY_SOCKETS = 10;

// CLOCK_MONOTONIC milliseconds, the clock both load generators stamp arrivals with.
const now = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function fdLimit(): number {
	const m = /Max open files\s+(\d+)/.exec(fs.readFileSync('/proc/self/limits', 'utf8'));
	return m ? Number(m[1]) : Infinity;
}
function rssOf(pid: number): number {
	const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
	return m ? Number(m[1]) * 1024 : NaN;
}
function cpuOf(pid: number): { user: number; sys: number } {
	// utime and stime in clock ticks (100/s on Linux), as ms
	const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return { user: Number(f[11]) * 10, sys: Number(f[12]) * 10 };
}

/** Whole-machine CPU counters (jiffies): how busy every core was during a phase. */
function machineTicks(): { busy: number; total: number } {
	const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9);
	const n = f.map(Number);
	const total = n.reduce((a, b) => a + b, 0);
	return { busy: total - n[3] - n[4], total };
}
/** Percent of all cores busy since `from` (server, clients, Postgres and the emitter share them). */
function machineBusySince(from: { busy: number; total: number }): number {
	const to = machineTicks();
	return Math.round(((to.busy - from.busy) / Math.max(1, to.total - from.total)) * 100);
}

interface Report {
	received: number;
	unmatched: number;
	closedEarly: number;
	firstAt: number;
	lastAt: number;
	hist: number[];
}

/** Load generator: BENCH_CLIENT=c (default; scripts/bench/client.c) or node (clients.ts). */
interface Clients {
	call<T = Record<string, unknown>>(m: object): Promise<T>;
	close(): Promise<void>;
}

const CLIENT_KIND = scriptConfig.benchClient;
let cClientBinary = '';
function newClients(): Clients {
	if (CLIENT_KIND === 'node') return new ClientProc();
	if (!cClientBinary) {
		cClientBinary = path.join(os.tmpdir(), `preptable-bench-client-${process.pid}`);
		execFileSync('cc', ['-O2', '-o', cClientBinary, path.resolve('scripts/bench/client.c')]);
	}
	return new CClientProc(cClientBinary);
}

class CClientProc implements Clients {
	private child: ChildProcess;
	private queue: ((line: string) => void)[] = [];
	private ready: Promise<void>;
	private reportFile = path.join(os.tmpdir(), `preptable-bench-${process.pid}-${Math.random()}`);
	constructor(binary: string) {
		this.child = spawn(binary, [], { stdio: ['pipe', 'pipe', 'inherit'] });
		const lines = readline.createInterface({ input: this.child.stdout! });
		this.ready = new Promise((resolve) => {
			let first = true;
			lines.on('line', (line) => {
				if (first) {
					first = false;
					return resolve();
				}
				this.queue.shift()?.(line);
			});
		});
	}
	private async cmd(line: string): Promise<string[]> {
		await this.ready;
		return new Promise((resolve, reject) => {
			this.queue.push((r) => {
				const [status, ...rest] = r.split(' ');
				if (status === 'ok') resolve(rest);
				else reject(new Error(rest.join(' ')));
			});
			this.child.stdin!.write(line + '\n');
		});
	}
	async call<T>(m: {
		cmd: string;
		url?: string;
		cookie?: string;
		count?: number;
		channels?: string[];
		concurrency?: number;
		commits?: Record<string, number>;
	}): Promise<T> {
		if (m.cmd === 'connect') {
			const u = new URL(m.url!);
			const [n] = await this.cmd(
				`connect ${u.port} ${u.pathname} ${m.count} ${m.concurrency} ${m.cookie!.replaceAll(' ', '')} ${m.channels!.join(',')}`
			);
			return { subscribed: Number(n) } as T;
		}
		if (m.cmd === 'count') {
			const [received, closedEarly] = await this.cmd('count');
			return { received: Number(received), closedEarly: Number(closedEarly) } as T;
		}
		if (m.cmd === 'report') {
			const [received, closedEarly, names = ''] = await this.cmd(`report ${this.reportFile}`);
			const chans = names.split(',');
			const buf = fs.readFileSync(this.reportFile);
			fs.rmSync(this.reportFile, { force: true });
			const hist = newHistogram();
			let unmatched = 0;
			let firstAt = Infinity;
			let lastAt = 0;
			for (let off = 0; off + 16 <= buf.length; off += 16) {
				const t = buf.readDoubleLE(off + 8);
				const c = m.commits![`${chans[buf.readUInt32LE(off)]} ${buf.readUInt32LE(off + 4)}`];
				firstAt = Math.min(firstAt, t);
				lastAt = Math.max(lastAt, t);
				if (c === undefined) {
					unmatched++;
					continue;
				}
				addLatency(hist, t - c);
			}
			const r: Report = {
				received: Number(received),
				unmatched,
				closedEarly: Number(closedEarly),
				firstAt,
				lastAt,
				hist
			};
			return r as T;
		}
		await this.cmd(m.cmd);
		return {} as T;
	}
	async close() {
		await this.cmd('close').catch(() => {});
		await new Promise((r) => (this.child.exitCode !== null ? r(null) : this.child.once('exit', r)));
	}
}

class ClientProc implements Clients {
	private child: ChildProcess;
	private queue: ((m: Record<string, unknown>) => void)[] = [];
	ready: Promise<void>;
	constructor() {
		this.child = fork(path.resolve('scripts/bench/clients.ts'), [], {
			execArgv: ['--import', 'tsx'],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc']
		});
		this.ready = new Promise((resolve) => {
			this.child.once('message', () => resolve());
		});
		this.ready.then(() => {
			this.child.on('message', (m) => this.queue.shift()?.(m as Record<string, unknown>));
		});
	}
	async call<T = Record<string, unknown>>(m: object): Promise<T> {
		await this.ready;
		return new Promise((resolve, reject) => {
			this.queue.push((r) => (r.ok ? resolve(r as T) : reject(new Error(String(r.error)))));
			this.child.send(m);
		});
	}
	async close() {
		await this.call({ cmd: 'close' }).catch(() => {});
		await new Promise((r) => (this.child.exitCode !== null ? r(null) : this.child.once('exit', r)));
	}
}

function startServer(kind: 'uws' | 'ws', dbUrl: string, env: Record<string, string>, port: number) {
	const script = kind === 'uws' ? 'src/realtime/server.ts' : 'scripts/bench/ws-baseline.ts';
	let out = '';
	// Both servers run with the sidecar's production V8 flags (scripts/lib/launcher.ts).
	const flags = scriptConfig.benchServerFlags;
	const child = spawn(
		process.execPath,
		['--expose-gc', ...flags, '--import', 'tsx', path.resolve(script)],
		{
			env: { ...process.env, ...env, DATABASE_URL: dbUrl, REALTIME_PORT: String(port) },
			stdio: ['ignore', 'pipe', 'pipe']
		}
	);
	child.stdout!.on('data', (d) => (out += d));
	child.stderr!.on('data', (d) => (out += d));
	return { child, output: () => out };
}

function percentiles(hists: number[][]) {
	const merged = new Array<number>(hists[0].length).fill(0);
	for (const h of hists) h.forEach((v, i) => (merged[i] += v));
	const total = merged.reduce((a, b) => a + b, 0);
	const at = (p: number) => {
		let acc = 0;
		const want = Math.ceil((p / 100) * total);
		for (let i = 0; i < merged.length; i++) {
			acc += merged[i];
			if (acc >= want) return Math.round((i + 1) * BUCKET_MS * 100) / 100;
		}
		return null;
	};
	return { samples: total, p50Ms: at(50), p99Ms: at(99), maxMs: at(100) };
}

/** Emits on each channel at `rate` events/s in total, for `seconds`; returns commit times. */
async function paced(
	sql: ReturnType<typeof connect>,
	chans: string[],
	rate: number,
	seconds: number
) {
	const commits: Record<string, number> = {};
	const perChannel = rate / chans.length;
	const n = Math.round(perChannel * seconds);
	const t0 = now() + 50;
	await Promise.all(
		chans.map(async (ch, ci) => {
			for (let i = 0; i < n; i++) {
				const due = t0 + (i + ci / chans.length) * (1000 / perChannel);
				const wait = due - now();
				if (wait > 1) await sleep(wait);
				const [seq] = await sql.begin((tx) => append(tx, ch, 'bench', { i }));
				commits[`${ch} ${seq}`] = now();
			}
		})
	);
	const elapsed = (now() - t0) / 1000;
	return {
		commits,
		events: n * chans.length,
		achievedRate: Math.round((n * chans.length) / elapsed)
	};
}

async function collect(procs: Clients[], expected: number, commits: Record<string, number>) {
	const until = Date.now() + 30_000;
	for (;;) {
		const counts = await Promise.all(
			procs.map((p) => p.call<{ received: number }>({ cmd: 'count' }))
		);
		const got = counts.reduce((a, c) => a + c.received, 0);
		if (got >= expected || Date.now() > until) break;
		await sleep(100);
	}
	const reports = await Promise.all(
		procs.map((p) =>
			p.call<Report>({
				cmd: 'report',
				commits
			})
		)
	);
	await Promise.all(procs.map((p) => p.call({ cmd: 'reset' })));
	const received = reports.reduce((a, r) => a + r.received, 0);
	return {
		expected,
		received,
		closedEarly: reports.reduce((a, r) => a + r.closedEarly, 0),
		lastAt: Math.max(...reports.map((r) => r.lastAt)),
		latency: percentiles(reports.map((r) => r.hist))
	};
}

async function measure(
	kind: 'uws' | 'ws',
	dbUrl: string,
	env: Record<string, string>,
	cookie: string,
	locs: string[]
) {
	const port = await freePort();
	const server = startServer(kind, dbUrl, env, port);
	await waitFor(`http://127.0.0.1:${port}/healthz`, server.child, 60_000, server.output);
	const url = `ws://127.0.0.1:${port}/ws`;
	const sql = connect(dbUrl, { max: 8 });
	const pid = server.child.pid!;
	try {
		// 1. Sockets held, memory per socket: the marginal RSS (after GC) of the second half of
		// the sockets, each authenticated and subscribed to one channel. The first half absorbs
		// one-off growth (JIT, heap pages committed for the auth queries' garbage), which would
		// otherwise be charged to the sockets; RSS deltas of a single step proved too noisy.
		const fanCh = channels.kitchen(locs[0]);
		const per = Math.ceil(SOCKETS / CLIENT_PROCS);
		const stats = async () => (await fetch(`http://127.0.0.1:${port}/stats?gc=1`)).json();
		const procs = Array.from({ length: CLIENT_PROCS }, () => newClients());
		const connectOne = (p: Clients, count: number, chans: string[]) =>
			p.call<{ subscribed: number }>({
				cmd: 'connect',
				url,
				cookie,
				count,
				channels: chans,
				concurrency: 100
			});
		const t0 = now();
		const heldA = await connectOne(procs[0], per, [fanCh]);
		await sleep(1000);
		const sA = await stats();
		await sleep(300);
		const rssA = rssOf(pid);
		const heldB = await Promise.all(
			procs.slice(1).map((p, i) => connectOne(p, Math.min(per, SOCKETS - (i + 1) * per), [fanCh]))
		);
		const connectSeconds = (now() - t0) / 1000;
		await sleep(1000);
		const sB = await stats();
		await sleep(300);
		const rssB = rssOf(pid);
		const sockets = {
			held: sB.sockets as number,
			subscribed: [heldA, ...heldB].reduce((a, h) => a + h.subscribed, 0)
		};
		const added = sB.sockets - sA.sockets;
		const memory = {
			rssAtHalfMB: Math.round(rssA / 1e5) / 10,
			rssAtFullMB: Math.round(rssB / 1e5) / 10,
			bytesPerSocket: Math.round((rssB - rssA) / added),
			// of which live JS heap (the rest is native: uWS/ws socket state, buffers)
			jsHeapBytesPerSocket: Math.round((sB.heapUsed - sA.heapUsed) / added)
		};
		console.log(
			`[${kind}] ${sockets.held} sockets in ${connectSeconds.toFixed(1)} s, ${memory.bytesPerSocket} B/socket`
		);

		// 2. Fan-out: sockets following one channel, `rate` events/s for SECONDS.
		const fanoutRun = async (ps: Clients[], ch: string, n: number, rate: number) => {
			const cpu0 = cpuOf(pid);
			const m0 = machineTicks();
			const f = await paced(sql, [ch], rate, SECONDS);
			const fr = await collect(ps, f.events * n, f.commits);
			const cpu1 = cpuOf(pid);
			const first = Math.min(...Object.values(f.commits));
			return {
				sockets: n,
				eventsPerSecond: f.achievedRate,
				events: f.events,
				deliveries: fr.received,
				expectedDeliveries: fr.expected,
				deliveriesPerSecond: Math.round(fr.received / ((fr.lastAt - first) / 1000)),
				serverCpuMs: cpu1.user + cpu1.sys - cpu0.user - cpu0.sys,
				// On loopback the kernel does the receiver's TCP work in the sender's time.
				serverCpuSystemMs: cpu1.sys - cpu0.sys,
				machineCpuBusyPercent: machineBusySince(m0),
				latencyCommitToClient: fr.latency
			};
		};
		// 2a. all SOCKETS on one channel at FANOUT_RATE events/s (10k × 10/s = 100k deliveries/s)
		const fanout = await fanoutRun(procs, fanCh, sockets.held, FANOUT_RATE);
		console.log(`[${kind}] fan-out`, JSON.stringify(fanout));
		// 2a'. 1,000 sockets × HOT_RATE events/s, the other sockets idle
		const hot = newClients();
		const hotCh = channels.branch(locs[0]);
		const hotN = (await connectOne(hot, 1000, [hotCh])).subscribed;
		const fanoutHot = await fanoutRun([hot], hotCh, hotN, HOT_RATE);
		console.log(`[${kind}] fan-out hot`, JSON.stringify(fanoutHot));
		await hot.close();

		// 2b. Burst: 20 events in one transaction to every socket — peak deliveries/s.
		const burstEvents = 20;
		const seqs = await sql.begin(async (tx) => {
			const out: number[] = [];
			for (let i = 0; i < burstEvents; i++) out.push(...(await append(tx, fanCh, 'bench', { i })));
			return out;
		});
		const tc = now();
		const bc: Record<string, number> = {};
		for (const s of seqs) bc[`${fanCh} ${s}`] = tc;
		const br = await collect(procs, burstEvents * sockets.held, bc);
		const burst = {
			sockets: sockets.held,
			events: burstEvents,
			deliveries: br.received,
			deliveriesPerSecond: Math.round(br.received / ((br.lastAt - tc) / 1000)),
			latencyCommitToClient: br.latency
		};
		console.log(`[${kind}] burst`, JSON.stringify(burst));
		await Promise.all(procs.map((p) => p.close()));
		await sleep(1000);

		// 3. Commit → client latency at 200 and 1000 events/s (4 channels, 10 sockets each).
		const lp = newClients();
		const latChans = locs.map((l) => channels.kitchen(l));
		await lp.call({
			cmd: 'connect',
			url,
			cookie,
			count: LATENCY_SOCKETS,
			channels: latChans,
			concurrency: 10
		});
		const latency: Record<string, unknown> = {};
		for (const rate of [200, 1000]) {
			const r = await paced(sql, latChans, rate, SECONDS);
			const c = await collect([lp], r.events * LATENCY_SOCKETS, r.commits);
			latency[`${rate}`] = {
				targetRate: rate,
				achievedRate: r.achievedRate,
				events: r.events,
				deliveries: c.received,
				expectedDeliveries: c.expected,
				...c.latency
			};
			console.log(`[${kind}] latency @${rate}/s`, JSON.stringify(latency[`${rate}`]));
		}
		await lp.close();
		return {
			sockets,
			connectSeconds: Math.round(connectSeconds * 10) / 10,
			memory,
			fanout,
			fanoutHot,
			burst,
			latency
		};
	} finally {
		await sql.end();
		server.child.kill('SIGTERM');
		await new Promise((r) =>
			server.child.exitCode !== null ? r(null) : server.child.once('exit', r)
		);
	}
}

async function main() {
	const limit = fdLimit();
	if (limit < SOCKETS + 1000) {
		console.error(
			`ulimit -n is ${limit}; need > ${SOCKETS + 1000}. Run \`ulimit -n 65536\` first.`
		);
		process.exit(1);
	}
	const started = Date.now();
	const db = await createTestDatabase('pt_bench');
	const sql = connect(db.url, { max: 2 });
	try {
		const locs = [];
		for (let i = 0; i < 4; i++) locs.push((await createLocation(sql)).id);
		const admin = await createUser(sql, 'admin');
		const env = {
			PREPTABLE_EMBEDDED: db.kind === 'pglite' ? '1' : '0',
			REALTIME_HEARTBEAT_MS: '5000',
			// Re-checks are per socket per interval; keep them out of the measured window.
			REALTIME_RECHECK_MS: '600000',
			EVENT_RETENTION_SWEEP_MS: '3600000'
		};
		const uws = await measure('uws', db.url, env, admin.cookie, locs);
		const ws = await measure('ws', db.url, env, admin.cookie, locs);
		const ratio = (a: number | null, b: number | null) =>
			a && b ? Math.round((a / b) * 100) / 100 : null;
		const l = (r: typeof uws, k: string) => (r.latency[k] as { p99Ms: number | null }).p99Ms;
		const result = {
			date: new Date().toISOString(),
			machine: {
				cpus: os.cpus().length,
				cpu: os.cpus()[0]?.model,
				node: process.version,
				note: 'loopback; CPU shared with other work'
			},
			database: db.kind,
			settings: {
				sockets: SOCKETS,
				secondsPerPhase: SECONDS,
				fanoutEventsPerSecond: FANOUT_RATE,
				hotFanoutEventsPerSecond: HOT_RATE,
				clientProcesses: CLIENT_PROCS,
				client:
					CLIENT_KIND === 'node' ? 'node (scripts/bench/clients.ts)' : 'c (scripts/bench/client.c)'
			},
			uws,
			ws,
			ratioUwsToWs: {
				bytesPerSocket: ratio(uws.memory.bytesPerSocket, ws.memory.bytesPerSocket),
				fanoutHotP99: ratio(
					uws.fanoutHot.latencyCommitToClient.p99Ms,
					ws.fanoutHot.latencyCommitToClient.p99Ms
				),
				fanoutDeliveriesPerSecond: ratio(
					uws.fanout.deliveriesPerSecond,
					ws.fanout.deliveriesPerSecond
				),
				burstDeliveriesPerSecond: ratio(
					uws.burst.deliveriesPerSecond,
					ws.burst.deliveriesPerSecond
				),
				fanoutServerCpu: ratio(uws.fanout.serverCpuMs, ws.fanout.serverCpuMs),
				fanoutP99: ratio(
					uws.fanout.latencyCommitToClient.p99Ms,
					ws.fanout.latencyCommitToClient.p99Ms
				),
				p99At200: ratio(l(uws, '200'), l(ws, '200')),
				p99At1000: ratio(l(uws, '1000'), l(ws, '1000'))
			},
			durationSeconds: Math.round((Date.now() - started) / 1000)
		};
		fs.mkdirSync('bench/results', { recursive: true });
		fs.writeFileSync('bench/results/realtime.json', JSON.stringify(result, null, '\t') + '\n');
		console.log(JSON.stringify(result.ratioUwsToWs));
		console.log(`wrote bench/results/realtime.json in ${result.durationSeconds} s`);
	} finally {
		await sql.end();
		await db.drop();
		if (cClientBinary) fs.rmSync(cClientBinary, { force: true });
	}
}

await main();
process.exit(0);
