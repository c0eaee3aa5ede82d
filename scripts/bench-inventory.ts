// npm run bench:inventory — the stock ledger under load, on Postgres. Writes
// bench/results/inventory.json.
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:inventory
// (a throwaway database is created and dropped; builds the app first if the sources changed, so
// the production build of these sources is what is measured; needs `pgbench`.)
// 1. Adjust throughput: BENCH_CLIENTS concurrent HTTP clients POST .../adjust (the whole path:
//    session, gate, validation, level lock, movement, audit, outbox event) for BENCH_INVENTORY_SECONDS,
//    against `pgbench` running single-row INSERTs with as many clients on the same database in
//    the same run; and against pgbench doing the same insert plus one channel-counter bump per
//    transaction, the serialisation every write of a location carries (gapless event seqs).
//    The ceiling of the HTTP side: the same clients on GET /api/v1/auth/me (session validation
//    in hooks.server.ts, the gate, one read, JSON), the least an authenticated request costs;
//    and the floor of the stack: GET /api/v1/healthz, no session and no database at all.
//    The load generator is scripts/bench/http-load.c, a C client like pgbench. Then the same
//    adjusts spread over BENCH_CLIENTS locations, where no two requests in flight share the
//    per-location counter: what the path costs without that serialisation.
// 2. Usage report over 1,000,000 movements in one store (a year of history for 50 items; bulk
//    inserted by SQL as a read fixture, not through the API): p95 of GET /usage over a 30-day
//    window and over the whole year, and the plan of the report's query (it sums the ledger's
//    daily totals, stock_usage_daily, not the movements).
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { config, scriptConfig } from '../src/lib/server/config';
import { connect } from '../src/lib/server/db/index';
import { rebuildUsage } from '../src/lib/server/inventory/ledger';
import { createTestDatabase } from '../tests/support/db';
import { startWeb } from '../tests/support/server';
import { createLocation, createUser } from '../tests/support/auth';
import { ensureBuild } from './lib/build';

const CLIENTS = scriptConfig.benchClients;
const SECONDS = scriptConfig.benchInventorySeconds;
const MOVEMENTS = scriptConfig.benchMovements;
const REPORT_RUNS = scriptConfig.benchReportRuns;
const CLIENT_KIND = scriptConfig.benchClient;

if (!config.databaseUrl) {
	console.error('bench:inventory measures Postgres: set DATABASE_URL');
	process.exit(1);
}
const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;
const pct = (xs: number[], p: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] * 10) / 10;
};

ensureBuild();
const db = await createTestDatabase('pt_bench');
// No statement timeout: the 1M-row fixture insert takes longer than the app's 15 s.
const sql = connect(db.url, { max: 4, connection: { statement_timeout: 0 } });
const web = await startWeb(db.url, { DB_POOL_MAX: String(Math.max(10, CLIENTS + 2)) });
const base = web.url;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-inventory-'));
try {
	const loc = await createLocation(sql);
	const user = await createUser(sql, 'manager', [loc.id]);
	const [store] =
		await sql`insert into stores (location_id, name) values (${loc.id}, 'Bench walk-in') returning id`;
	const items = await sql<{ id: string }[]>`
		insert into items (sku, name, unit, unit_cost_cents)
		select 'B-' || g, 'Bench item ' || g, 'kg', 100 + g from generate_series(1, 50) g
		returning id`;

	// 1a. pgbench: single-row inserts, same database, same client count.
	await sql`create table bench_insert (id bigserial primary key, v int not null, at timestamptz not null default now())`;
	const script = path.join(dir, 'insert.sql');
	fs.writeFileSync(script, '\\set v random(1, 1000)\ninsert into bench_insert (v) values (:v);\n');
	const pgbench = (file: string) =>
		Number(
			/tps = ([\d.]+)/.exec(
				execFileSync(
					'pgbench',
					['-n', '-c', String(CLIENTS), '-j', '2', '-T', String(SECONDS), '-f', file, db.url],
					{ encoding: 'utf8' }
				)
			)?.[1]
		);
	const pgbenchTps = pgbench(script);
	console.log(`pgbench insert: ${pgbenchTps.toFixed(0)} tps`);
	// 1a'. The ceiling the design sets: every movement of a location bumps the counter row of
	// its inventory channel (gapless, commit-ordered seqs for realtime and sync), held to commit.
	await sql`create table bench_counter (channel text primary key, last_seq bigint not null)`;
	await sql`insert into bench_counter values ('inventory:bench', 0)`;
	const counterScript = path.join(dir, 'counter.sql');
	fs.writeFileSync(
		counterScript,
		'\\set v random(1, 1000)\nbegin;\n' +
			"update bench_counter set last_seq = last_seq + 1 where channel = 'inventory:bench';\n" +
			'insert into bench_insert (v) values (:v);\ncommit;\n'
	);
	const counterTps = pgbench(counterScript);
	console.log(`pgbench insert + one channel counter: ${counterTps.toFixed(0)} tps`);

	// CLIENTS HTTP clients in flight for SECONDS, each sending the next request when its last
	// answer is in; the n-th request overall is requests[n % requests.length]. The load
	// generator is scripts/bench/http-load.c (BENCH_CLIENT=node: a fetch() loop in this process,
	// which spends about as much CPU per request as the server, on the same cores).
	type Req = { path: string; method?: string; headers: Record<string, string>; body?: string };
	const hammer = (requests: Req[], okStatus: number, seconds = SECONDS) =>
		CLIENT_KIND === 'c'
			? hammerC(requests, okStatus, seconds)
			: hammerNode(requests, okStatus, seconds);
	const hammerNode = async (requests: Req[], okStatus: number, seconds: number) => {
		let ok = 0;
		let failed = 0;
		const lat: number[] = [];
		const end = Date.now() + seconds * 1000;
		let n = 0;
		await Promise.all(
			Array.from({ length: CLIENTS }, async () => {
				while (Date.now() < end) {
					const req = requests[n++ % requests.length];
					const t = performance.now();
					const r = await fetch(`${base}${req.path}`, req);
					await r.arrayBuffer();
					lat.push(performance.now() - t);
					if (r.status === okStatus) ok++;
					else failed++;
				}
			})
		);
		return { ok, failed, rps: ok / seconds, p50: pct(lat, 50), p95: pct(lat, 95) };
	};
	const binary = path.join(dir, 'http-load');
	if (CLIENT_KIND === 'c') {
		execFileSync('cc', ['-O2', '-o', binary, path.resolve('scripts/bench/http-load.c')]);
	}
	const port = new URL(base).port;
	const hammerC = async (requests: Req[], okStatus: number, seconds: number) => {
		const file = path.join(dir, 'requests');
		const raw = requests.map((r) => {
			const body = Buffer.from(r.body ?? '');
			const head =
				`${r.method ?? 'GET'} ${r.path} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n` +
				Object.entries(r.headers)
					.map(([k, v]) => `${k}: ${v}\r\n`)
					.join('') +
				(r.body === undefined ? '' : `content-length: ${body.length}\r\n`) +
				'\r\n';
			const req = Buffer.concat([Buffer.from(head), body]);
			return Buffer.concat([Buffer.from(`${req.length}\n`), req]);
		});
		fs.writeFileSync(file, Buffer.concat(raw));
		const out = await new Promise<string>((resolve, reject) =>
			execFile(
				binary,
				[port, String(seconds), String(CLIENTS), String(okStatus), file],
				{ encoding: 'utf8' },
				(err, stdout) => (err ? reject(err) : resolve(stdout))
			)
		);
		const r = JSON.parse(out) as {
			ok: number;
			failed: number;
			seconds: number;
			p50_ms: number;
			p95_ms: number;
			statuses: Record<string, number>;
		};
		if (r.failed) console.log(`  answers by status: ${JSON.stringify(r.statuses)}`);
		return { ok: r.ok, failed: r.failed, rps: r.ok / r.seconds, p50: r.p50_ms, p95: r.p95_ms };
	};

	// 1b. The ceiling of any API request here: an authenticated read, same clients. Both
	// endpoints are warmed first (SvelteKit loads a route's module on its first request, V8
	// compiles the hot paths, the pool opens its connections): a server's steady state.
	const meRequests: Req[] = [{ path: '/api/v1/auth/me', headers: user.headers }];
	// The floor of the stack: a SvelteKit endpoint that reads no session and no database
	// (liveness), through the same hooks and adapter. No API request can beat it here.
	const healthRequests: Req[] = [{ path: '/api/v1/healthz', headers: {} }];
	const adjustRequests: Req[] = items.map((item) => ({
		path: `/api/v1/items/${item.id}/stores/${store.id}/adjust`,
		method: 'POST',
		headers: { ...user.headers, 'content-type': 'application/json' },
		body: JSON.stringify({ delta: 1 })
	}));
	// An adjust phase: warmed for 2 s, measured for SECONDS, then the stores' levels summed.
	// Every adjust adds 1, so the sum must equal the 201s of both runs: nothing lost or doubled.
	const adjustPhase = async (requests: Req[], storeIds: string[]) => {
		const warm = await hammer(requests, 201, 2);
		const run = await hammer(requests, 201);
		// The machine is shared: how busy it was over the phase (1-minute average).
		const load = Math.round(os.loadavg()[0] * 10) / 10;
		const [{ levels }] = await sql<{ levels: number }[]>`
			select coalesce(sum(quantity), 0)::float as levels from stock_levels
			where store_id in ${sql(storeIds)}`;
		const applied = run.ok + warm.ok;
		return { ...run, failed: run.failed + warm.failed, load, levels, applied };
	};

	await hammer(healthRequests, 200, 2);
	const health = await hammer(healthRequests, 200);
	console.log(`stack floor GET /api/v1/healthz: ${health.rps.toFixed(0)} req/s`);
	await hammer(meRequests, 200, 2);
	const me = await hammer(meRequests, 200);
	console.log(`ceiling GET /api/v1/auth/me: ${me.rps.toFixed(0)} req/s (${me.failed} failed)`);

	// 1c. The adjust API, CLIENTS in flight; items picked round-robin (one row lock each).
	const adj = await adjustPhase(adjustRequests, [store.id]);
	const adjustRps = adj.rps;
	console.log(
		`adjust API: ${adjustRps.toFixed(0)} req/s (${adj.failed} failed), levels sum ${adj.levels} = ${adj.applied}`
	);

	// 1d. The same adjusts spread over CLIENTS locations, a store each: consecutive requests go
	// to different locations, so the requests in flight rarely share a channel counter. What a
	// group of restaurants on one server gets, and so the part of 1c that is the per-location
	// serialisation and the part that is the cost of the path itself.
	const spreadLocations: string[] = [];
	const spreadStores: string[] = [];
	for (let i = 0; i < CLIENTS; i++) {
		const l = await createLocation(sql);
		const [s] =
			await sql`insert into stores (location_id, name) values (${l.id}, 'Bench walk-in') returning id`;
		spreadLocations.push(l.id);
		spreadStores.push(s.id);
	}
	const spreadUser = await createUser(sql, 'manager', spreadLocations);
	const spreadRequests: Req[] = items.flatMap((item) =>
		spreadStores.map((storeId) => ({
			path: `/api/v1/items/${item.id}/stores/${storeId}/adjust`,
			method: 'POST',
			headers: { ...spreadUser.headers, 'content-type': 'application/json' },
			body: JSON.stringify({ delta: 1 })
		}))
	);
	const spread = await adjustPhase(spreadRequests, spreadStores);
	console.log(
		`adjust API over ${CLIENTS} locations: ${spread.rps.toFixed(0)} req/s (${spread.failed} failed), levels sum ${spread.levels} = ${spread.applied}`
	);

	// 2. A year of history: MOVEMENTS rows across 50 items, all reasons.
	console.log(`inserting ${MOVEMENTS} movements…`);
	await sql`
		insert into stock_movements (store_id, item_id, location_id, delta, quantity_after, reason,
			waste_reason, created_at)
		select ${store.id}, (${sql.array(items.map((i) => i.id))}::uuid[])[1 + g % 50], ${loc.id},
			case when g % 4 = 3 then 5 else -1 end, 100,
			(array['adjust', 'waste', 'count_correction', 'receive'])[1 + g % 4],
			case when g % 4 = 1 then (array['spoiled', 'over_prep', 'contamination', 'expired', 'other'])[1 + g % 5] end,
			now() - (g * (365.0 * 86400 / ${MOVEMENTS})) * interval '1 second'
		from generate_series(1, ${MOVEMENTS}) g`;
	// The ledger keeps the daily totals as it writes; a fixture inserted behind its back gets
	// them the way a time-zone change rebuilds them.
	await sql.begin((tx) => rebuildUsage(tx, loc.id));
	await sql`vacuum analyze stock_movements`;
	await sql`vacuum analyze stock_usage_daily`;
	const day = (ms: number) => new Date(Date.now() - ms).toISOString().slice(0, 10);
	const windows = {
		'30 days': `from=${day(29 * 86_400_000)}&to=${day(0)}`,
		'365 days': `from=${day(364 * 86_400_000)}&to=${day(0)}`
	};
	const report: Record<
		string,
		{ movements_in_window: number; rows: number; p50_ms: number; p95_ms: number; max_ms: number }
	> = {};
	for (const [name, q] of Object.entries(windows)) {
		const times: number[] = [];
		let rows = 0;
		for (let i = 0; i < REPORT_RUNS + 3; i++) {
			const t = performance.now();
			const r = await fetch(`${base}/api/v1/stores/${store.id}/usage?${q}`, {
				headers: user.headers
			});
			const j = await r.json();
			if (r.status !== 200) throw new Error(`usage ${r.status}: ${JSON.stringify(j)}`);
			rows = j.rows.length;
			if (i >= 3) times.push(performance.now() - t); // the first three warm the caches
		}
		const from = new Date(`${q.slice(5, 15)}T00:00:00Z`);
		const [{ c }] =
			await sql`select count(*)::int as c from stock_movements where store_id = ${store.id} and created_at >= ${from}`;
		report[name] = {
			movements_in_window: c,
			rows,
			p50_ms: pct(times, 50),
			p95_ms: pct(times, 95),
			max_ms: pct(times, 100)
		};
		console.log(
			`usage ${name}: ${c} movements, p50 ${report[name].p50_ms} ms, p95 ${report[name].p95_ms} ms`
		);
	}
	// The report's aggregate (reports.ts, usage()), as it runs for the 30-day window (the whole
	// year reads every day row of the store, where a sequential scan is the right plan).
	const plan = await sql.unsafe(
		`explain (analyze, buffers, costs off)
		select d.item_id, d.reason, sum(d.used) as used
		from stock_usage_daily d
		where d.store_id = $1 and d.day between current_date - 29 and current_date
			and d.reason = any($2::text[])
		group by d.item_id, d.reason`,
		[store.id, ['waste', 'adjust', 'count_correction', 'receive']]
	);
	const planText = plan.map((r) => r['QUERY PLAN'] as string);
	const usesIndex = planText.some((l) =>
		/(Index (Only )?Scan using|Bitmap Index Scan on) stock_usage_daily_pkey/.test(l)
	);
	console.log(planText.join('\n'));

	const result = {
		measured_at: new Date().toISOString(),
		database: 'postgres',
		machine: `${os.cpus().length} vCPU ${os.cpus()[0]?.model ?? ''}`.trim(),
		load_average_at_end: os.loadavg().map((x) => Math.round(x * 10) / 10),
		load_average_1m_after_adjust: adj.load,
		clients: CLIENTS,
		load_generator: CLIENT_KIND === 'c' ? 'scripts/bench/http-load.c' : 'fetch() in Node',
		seconds: SECONDS,
		adjust: {
			requests_per_s: Math.round(adjustRps),
			failed: adj.failed,
			p50_ms: adj.p50,
			p95_ms: adj.p95,
			levels_sum_matches: adj.levels === adj.applied
		},
		// The same adjusts, consecutive requests on different locations (no shared counter).
		adjust_spread: {
			locations: CLIENTS,
			requests_per_s: Math.round(spread.rps),
			failed: spread.failed,
			p50_ms: spread.p50,
			p95_ms: spread.p95,
			levels_sum_matches: spread.levels === spread.applied
		},
		// The most any authenticated API request reaches with these clients on this machine.
		ceiling: {
			endpoint: 'GET /api/v1/auth/me',
			requests_per_s: Math.round(me.rps),
			failed: me.failed,
			p50_ms: me.p50,
			p95_ms: me.p95
		},
		// The most any request through SvelteKit reaches with these clients on this machine.
		stack_floor: {
			endpoint: 'GET /api/v1/healthz (no session, no database)',
			requests_per_s: Math.round(health.rps),
			failed: health.failed,
			p50_ms: health.p50,
			p95_ms: health.p95
		},
		pgbench_insert_tps: Math.round(pgbenchTps),
		stack_floor_vs_pgbench: ratio(health.rps, pgbenchTps),
		adjust_vs_pgbench: ratio(adjustRps, pgbenchTps),
		ceiling_vs_pgbench: ratio(me.rps, pgbenchTps),
		adjust_vs_ceiling: ratio(adjustRps, me.rps),
		adjust_spread_vs_pgbench: ratio(spread.rps, pgbenchTps),
		adjust_spread_vs_ceiling: ratio(spread.rps, me.rps),
		pgbench_counter_tps: Math.round(counterTps),
		adjust_vs_counter: ratio(adjustRps, counterTps),
		usage_report: { movements: MOVEMENTS, runs: REPORT_RUNS, windows: report },
		usage_plan_uses_index: usesIndex,
		usage_plan: planText
	};
	fs.mkdirSync('bench/results', { recursive: true });
	fs.writeFileSync('bench/results/inventory.json', JSON.stringify(result, null, '\t') + '\n');
	console.log('wrote bench/results/inventory.json');
} finally {
	fs.rmSync(dir, { recursive: true, force: true });
	await sql.end();
	await web.stop();
	await db.drop();
}
