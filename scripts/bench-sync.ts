// npm run bench:sync — the offline copy in a real browser (headless Debian Chromium), against the
// built app on Postgres. Writes bench/results/sync.json.
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:sync
// (a throwaway database is created and dropped; needs `npm run build` and Chromium.)
// 1. Initial pull of BENCH_SYNC_ITEMS catalog items with their levels into IndexedDB: a new
//    device (fresh browser context) opens the store inventory screen; measured from the moment
//    the screen starts its replication to the moment every collection's first pull is written
//    to IndexedDB (RxDB's awaitInitialReplication; the `preptable:first-sync:*` mark), and from
//    navigation start. Baseline in the same run: the same pages fetched in the same page
//    without storing them (network + server only), and the same number of documents put
//    straight into IndexedDB in one transaction (the browser's floor). Goal ≤ 3 s.
// 2. Upload of BENCH_SYNC_LINES count lines queued offline: a manager counts a store of that
//    many items with the network off (each line in IndexedDB as it is entered), then the network
//    comes back; measured from setOffline(false) to the last line stored on the server, and to
//    the screen saying "Synced". Goal ≤ 3 s.
// 3. The staff bundle with RxDB: gzip size of the JavaScript the inventory screen downloads
//    (as served), and the part that is RxDB and the sync code (loaded by dynamic import there
//    only; the diner budget is measured by size:diner).
import fs from 'node:fs';
import os from 'node:os';
import zlib from 'node:zlib';
import { chromium, type Browser, type BrowserContext } from 'playwright';
import { config, scriptConfig } from '../src/lib/server/config';
import { connect } from '../src/lib/server/db/index';
import { touchItems } from '../src/lib/server/inventory/stock-items';
import { createTestDatabase } from '../tests/support/db';
import { startWeb } from '../tests/support/server';
import { createLocation, createUser } from '../tests/support/auth';

const ITEMS = scriptConfig.benchSyncItems;
const LINES = scriptConfig.benchSyncLines;
const RUNS = scriptConfig.benchSyncRuns;
const GOAL_MS = 3000;

if (!config.databaseUrl) {
	console.error('bench:sync measures Postgres: set DATABASE_URL');
	process.exit(1);
}
const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	return Math.round(s[Math.floor(s.length / 2)]);
};
const STORE_KEY = 'preptable:inventory:store';

const db = await createTestDatabase('pt_bench_sync');
const sql = connect(db.url, { max: 4, connection: { statement_timeout: 0 } });
const web = await startWeb(db.url);
const base = web.url.replace('127.0.0.1', 'localhost');
let browser: Browser | undefined;
try {
	// Fixture by SQL (a read fixture, not the ledger's writes): ITEMS items, each stocked in the
	// walk-in, then their sync revs stamped as an item writer does.
	const loc = await createLocation(sql);
	const user = await createUser(sql, 'manager', [loc.id]);
	const [walkIn] =
		await sql`insert into stores (location_id, name, kind) values (${loc.id}, 'Bench walk-in', 'walk_in') returning id, location_id`;
	const [line] =
		await sql`insert into stores (location_id, name, kind) values (${loc.id}, 'Bench line', 'other') returning id, location_id`;
	const items = await sql<{ id: string }[]>`
		insert into items (sku, name, unit, unit_cost_cents)
		select 'S-' || lpad(g::text, 6, '0'), 'Sync item ' || lpad(g::text, 6, '0'), 'kg', 100 + g
		from generate_series(1, ${ITEMS}) g returning id`;
	await sql`
		insert into stock_levels (store_id, item_id, quantity)
		select ${walkIn.id}, id, 10 + (row_number() over ()) % 7 from unnest(${items.map((i) => i.id)}::uuid[]) id`;
	await sql.begin((tx) =>
		touchItems(
			tx,
			items.map((i) => i.id),
			'created'
		)
	);
	// The line store's walk: LINES items in one area, shelf order as listed.
	await sql`
		insert into store_item_places (store_id, item_id, area, area_order, shelf_order)
		select ${line.id}, id, 'Line', 0, n from unnest(${items.slice(0, LINES).map((i) => i.id)}::uuid[]) with ordinality as t (id, n)`;

	browser = await chromium.launch({
		executablePath: scriptConfig.chromiumPath,
		args: ['--no-sandbox']
	});
	const session = user.cookie.split('=');
	const device = async (storeId: string): Promise<BrowserContext> => {
		const ctx = await browser!.newContext({ viewport: { width: 390, height: 844 } });
		await ctx.addCookies([{ name: session[0], value: session.slice(1).join('='), url: base }]);
		await ctx.addInitScript(
			([k, v]) => localStorage.getItem(k) ?? localStorage.setItem(k, v),
			[STORE_KEY, storeId]
		);
		return ctx;
	};

	/** Every page of the location's stock_buckets, as a client pulls them; milliseconds. */
	const fetchAll = async () => {
		const t0 = performance.now();
		let q = `location_id=${loc.id}&limit=16`;
		let got = 0;
		for (;;) {
			const r = await (
				await fetch(`${base}/api/v1/sync/stock_buckets-v1/pull?${q}`, { headers: user.headers })
			).json();
			if (r.documents.length === 0) break;
			for (const b of r.documents) got += b.items.length;
			q = `location_id=${loc.id}&limit=16&rev=${r.checkpoint.rev}&id=${r.checkpoint.id}`;
		}
		if (got < ITEMS) throw new Error(`pulled ${got}`);
		return Math.round(performance.now() - t0);
	};
	await fetchAll(); // warms the server's caches, as a device that is not the first would find them

	// 1. Initial pull, RUNS new devices.
	const pulls: {
		pull_ms: number;
		leader_wait_ms: number;
		from_navigation_ms: number;
		baseline_fetch_ms: number;
		server_fetch_ms: number;
		raw_indexeddb_put_ms: number;
	}[] = [];
	const js = new Map<string, number>();
	for (let run = 0; run < RUNS; run++) {
		const serverFetch = await fetchAll();
		const ctx = await device(walkIn.id);
		const page = await ctx.newPage();
		if (run === 0) {
			page.on('response', async (r) => {
				if (!r.url().endsWith('.js') || r.status() !== 200) return;
				const body = await r.body().catch(() => null);
				if (body) js.set(new URL(r.url()).pathname, zlib.gzipSync(body, { level: 9 }).length);
			});
		}
		await page.goto(`${base}/staff/inventory`);
		if (run === 0) {
			// What a new device shows meanwhile (looked at, like the e2e screenshots).
			await page.getByTestId('first-sync').getByText(/ %/).waitFor({ timeout: 60_000 });
			await page.screenshot({ path: 'tests/screenshots/inventory-first-sync.png' });
		}
		const mark = `preptable:first-sync:${loc.id}`;
		await page.waitForFunction((m) => performance.getEntriesByName(m).length > 0, mark, {
			timeout: 120_000
		});
		const t = await page.evaluate(
			([m, l]) => ({
				done: performance.getEntriesByName(m)[0].startTime,
				start: performance.getEntriesByName(`preptable:sync-start:${l}`)[0]?.startTime ?? 0,
				leader: performance.getEntriesByName(`preptable:leader:${l}`)[0]?.startTime ?? 0
			}),
			[mark, loc.id]
		);
		// Everything is on the device: the screen lists the whole catalog.
		await page
			.getByRole('button', { name: `(${ITEMS - 100} not shown)`, exact: false })
			.waitFor({ timeout: 60_000 });
		// Baseline: the same pages over the network in the same page, not stored.
		const baseline = await page.evaluate(
			async ([l, n]) => {
				const t0 = performance.now();
				let q = `location_id=${l}&limit=16`;
				let got = 0;
				for (;;) {
					const r = await (await fetch(`/api/v1/sync/stock_buckets-v1/pull?${q}`)).json();
					if (r.documents.length === 0) break;
					for (const b of r.documents) got += b.items.length;
					q = `location_id=${l}&limit=16&rev=${r.checkpoint.rev}&id=${r.checkpoint.id}`;
				}
				if (got < n) throw new Error(`baseline pulled ${got}`);
				return performance.now() - t0;
			},
			[loc.id, ITEMS] as const
		);
		// Second baseline: the same documents put straight into IndexedDB (one object store,
		// three indexes as RxDB's Dexie storage keeps, one transaction): the browser's own floor.
		const rawIdb = await page.evaluate(async (n) => {
			const docs = Array.from({ length: n }, (_, k) => ({
				id: `${crypto.randomUUID()}@x`,
				_deleted: 0,
				lwt: Date.now() + k,
				location_id: 'x',
				sku: `S-${k}`,
				name: `Sync item ${k}`,
				unit: 'kg',
				levels: [{ store_id: 'x', quantity: 10, updated_at: new Date().toISOString() }],
				location_quantity: 10,
				par_level: null,
				reorder_point: null,
				low: false
			}));
			const idb = await new Promise<IDBDatabase>((ok, ko) => {
				const req = indexedDB.open(`bench-raw-${Math.random()}`, 1);
				req.onupgradeneeded = () => {
					const st = req.result.createObjectStore('docs', { keyPath: 'id' });
					st.createIndex('a', ['_deleted', 'id']);
					st.createIndex('b', ['lwt', 'id']);
					st.createIndex('c', ['_deleted', 'location_id', 'id']);
				};
				req.onsuccess = () => ok(req.result);
				req.onerror = () => ko(req.error);
			});
			const t0 = performance.now();
			await new Promise<void>((ok, ko) => {
				const tx = idb.transaction('docs', 'readwrite');
				const st = tx.objectStore('docs');
				for (const d of docs) st.put(d);
				tx.oncomplete = () => ok();
				tx.onerror = () => ko(tx.error);
			});
			return performance.now() - t0;
		}, ITEMS);
		pulls.push({
			pull_ms: Math.round(t.done - t.start),
			leader_wait_ms: Math.round(t.leader - t.start),
			from_navigation_ms: Math.round(t.done),
			baseline_fetch_ms: Math.round(baseline),
			server_fetch_ms: serverFetch,
			raw_indexeddb_put_ms: Math.round(rawIdb)
		});
		console.log(`pull ${run + 1}: ${JSON.stringify(pulls.at(-1))}`);
		await ctx.close();
	}

	// 2. LINES count lines entered offline, then the network comes back.
	const ctx = await device(line.id);
	const page = await ctx.newPage();
	const start = await ctx.request.post(`${base}/api/v1/stores/${line.id}/counts`, { data: {} });
	if (!start.ok()) throw new Error(`count start: ${start.status()} ${await start.text()}`);
	const count = await start.json();
	await page.goto(`${base}/staff/inventory/${line.id}/count`);
	const status = page.getByTestId('sync-status');
	await status.getByText('Synced', { exact: true }).waitFor({ timeout: 120_000 });
	// The app shell must come from the service worker once offline.
	await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, {
		timeout: 60_000
	});
	await ctx.setOffline(true);
	await status.getByText('Offline since').waitFor();
	const walk = await sql<{ name: string }[]>`
		select i.name from store_item_places p join items i on i.id = p.item_id
		where p.store_id = ${line.id} order by p.shelf_order`;
	const entering = performance.now();
	for (const [k, it] of walk.entries()) {
		const input = page.getByLabel(`${it.name} (kg)`);
		await input.fill(String((k % 9) + 0.5));
		await input.press('Enter');
		await page.getByText(`${it.name}: ${(k % 9) + 0.5} kg saved on this device`).waitFor();
	}
	const enterMs = performance.now() - entering;
	await status.getByText(`${LINES} changes waiting`).waitFor();
	const stored = async () =>
		(
			await sql<{ n: number }[]>`
				select count(*)::int as n from count_lines where session_id = ${count.count?.id ?? count.id}`
		)[0].n;
	const back = performance.now();
	await ctx.setOffline(false);
	let serverMs = 0;
	for (;;) {
		if ((await stored()) >= LINES) {
			serverMs = performance.now() - back;
			break;
		}
		if (performance.now() - back > 120_000) throw new Error(`only ${await stored()} lines stored`);
		await new Promise((r) => setTimeout(r, 20));
	}
	await status.getByText('Synced', { exact: true }).waitFor({ timeout: 120_000 });
	const screenMs = performance.now() - back;
	const lines = await stored();
	console.log(
		`upload: ${lines} lines on the server ${Math.round(serverMs)} ms after reconnect, screen synced at ${Math.round(screenMs)} ms`
	);
	await ctx.close();

	// 3. The staff bundle.
	const totalGzip = [...js.values()].reduce((a, b) => a + b, 0);
	const manifest = JSON.parse(
		fs.readFileSync('.svelte-kit/output/client/.vite/manifest.json', 'utf8')
	) as Record<string, { file: string; imports?: string[] }>;
	const offlineFiles = new Set<string>();
	const visit = (key: string) => {
		const c = manifest[key];
		if (!c || offlineFiles.has(c.file)) return;
		offlineFiles.add(c.file);
		for (const i of c.imports ?? []) visit(i);
	};
	visit('src/lib/client/offline/db.ts');
	visit('src/lib/client/offline/sync.svelte.ts');
	// Loaded files the offline entries reach (a chunk they share with the page counts here too:
	// an upper bound for what RxDB and the sync code add to the screen).
	let offlineGzip = 0;
	for (const [p, g] of js) if ([...offlineFiles].some((o) => p.endsWith(o))) offlineGzip += g;

	const result = {
		measured_at: new Date().toISOString(),
		database: 'postgres',
		browser: `headless ${browser.version()}`,
		machine: `${os.cpus().length} vCPU ${os.cpus()[0]?.model ?? ''}`.trim(),
		load_average_at_end: os.loadavg().map((x) => Math.round(x * 10) / 10),
		goal_ms: GOAL_MS,
		initial_pull: {
			items: ITEMS,
			stores_with_levels: 1,
			runs: pulls,
			median_pull_ms: median(pulls.map((p) => p.pull_ms)),
			median_from_navigation_ms: median(pulls.map((p) => p.from_navigation_ms)),
			median_baseline_fetch_ms: median(pulls.map((p) => p.baseline_fetch_ms)),
			median_server_fetch_ms: median(pulls.map((p) => p.server_fetch_ms)),
			median_raw_indexeddb_put_ms: median(pulls.map((p) => p.raw_indexeddb_put_ms))
		},
		upload: {
			lines: LINES,
			stored_on_server: lines,
			entering_offline_ms: Math.round(enterMs),
			reconnect_to_server_ms: Math.round(serverMs),
			reconnect_to_screen_synced_ms: Math.round(screenMs)
		},
		staff_bundle: {
			route: '/staff/inventory',
			js_files: js.size,
			js_gzip_kb: +(totalGzip / 1024).toFixed(1),
			rxdb_and_sync_gzip_kb: +(offlineGzip / 1024).toFixed(1)
		}
	};
	fs.mkdirSync('bench/results', { recursive: true });
	fs.writeFileSync('bench/results/sync.json', JSON.stringify(result, null, '\t') + '\n');
	console.log(JSON.stringify(result, null, 2));
	console.log('wrote bench/results/sync.json');
} finally {
	await browser?.close();
	await sql.end();
	await web.stop();
	await db.drop();
}
