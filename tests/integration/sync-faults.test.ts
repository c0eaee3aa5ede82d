// Fault test of the push (issue 12): 1,000 count lines pushed in batches through a small TCP
// proxy that cuts the connection 100 times at random points — mid-request, at a random moment,
// and right when the answer starts (the server has committed, the client never hears it). The
// client does what RxDB does: retry the same batch until it gets an answer. Result: every line
// on the server exactly once (0 lost, 0 duplicated), no conflicts.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { createLocation, createUser, type TestUser } from '../support/auth';

const base = new URL(inject('baseUrl'));
const sql = connect(inject('databaseUrl'), { max: 2 });

type Mode = 'request' | 'timer' | 'after-commit';
const CUTS = 100;

/** A proxy that cuts some connections; `cuts` counts them by mode. */
function cuttingProxy(target: { host: string; port: number }) {
	const cuts: Record<Mode, number> = { request: 0, timer: 0, 'after-commit': 0 };
	let total = 0;
	const server = net.createServer((client) => {
		const upstream = net.connect(target.port, target.host);
		let killed = false;
		const kill = (mode: Mode) => {
			if (killed) return;
			killed = true;
			total++;
			cuts[mode]++;
			client.destroy();
			upstream.destroy();
		};
		let plan: Mode | null = null;
		// Planned while fewer than CUTS connections were cut (one connection at a time); a plan
		// that does not fire (the answer came first) is simply not counted.
		if (total < CUTS && Math.random() < 0.7) {
			const r = Math.random();
			plan = r < 0.4 ? 'after-commit' : r < 0.7 ? 'request' : 'timer';
		}
		let sent = 0;
		const cutAt = 50 + Math.floor(Math.random() * 1500);
		if (plan === 'timer') {
			const t = setTimeout(() => kill('timer'), Math.random() * 150);
			client.once('close', () => clearTimeout(t));
		}
		client.on('data', (d) => {
			if (plan === 'request' && sent + d.length >= cutAt) {
				// Forward part of the request, then cut: the body never completes.
				upstream.write(d.subarray(0, Math.max(0, cutAt - sent)));
				return kill('request');
			}
			sent += d.length;
			upstream.write(d);
		});
		upstream.on('data', (d) => {
			// The answer has started: the push committed. Cut before the client reads it.
			if (plan === 'after-commit') return kill('after-commit');
			client.write(d);
		});
		upstream.on('end', () => client.end());
		client.on('end', () => upstream.end());
		client.on('error', () => upstream.destroy());
		upstream.on('error', () => client.destroy());
	});
	return {
		cuts,
		total: () => total,
		listen: () =>
			new Promise<number>((resolve) =>
				server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port))
			),
		close: () => new Promise<void>((r) => server.close(() => r()))
	};
}

/** One POST on a fresh connection (no keep-alive, so a cut hits exactly this request). */
function post(port: number, path: string, cookie: string, body: string) {
	return new Promise<{ status: number; text: string }>((resolve, reject) => {
		const req = http.request(
			{
				host: '127.0.0.1',
				port,
				path,
				method: 'POST',
				agent: false,
				headers: {
					host: base.host,
					cookie,
					'content-type': 'application/json',
					'content-length': Buffer.byteLength(body)
				},
				timeout: 20_000
			},
			(res) => {
				let text = '';
				res.on('data', (d) => (text += d));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
				res.on('error', reject);
			}
		);
		req.on('timeout', () => req.destroy(new Error('timeout')));
		req.on('error', reject);
		req.end(body);
	});
}

let loc: { id: string };
let staff: TestUser;
let sessionId: string;
let itemIds: string[];
const proxy = cuttingProxy({ host: '127.0.0.1', port: Number(base.port) });
let proxyPort: number;

beforeAll(async () => {
	proxyPort = await proxy.listen();
	loc = await createLocation(sql);
	staff = await createUser(sql, 'staff', [loc.id]);
	const [store] =
		await sql`insert into stores (location_id, name) values (${loc.id}, 'Fault walk-in') returning id`;
	itemIds = [];
	const walk = [];
	for (let k = 0; k < 20; k++) {
		const [i] =
			await sql`insert into items (sku, name, unit) values (${'FLT-' + randomUUID()}, ${'Fault item ' + k}, 'kg') returning id`;
		itemIds.push(i.id);
		walk.push({
			item_id: i.id,
			name: `Fault item ${k}`,
			unit: 'kg',
			area: 'Other',
			shelf_order: k
		});
	}
	const [s] = await sql`
		insert into count_sessions (location_id, store_id, items, rev)
		values (${loc.id}, ${store.id}, ${sql.json(walk)}, 0) returning id`;
	sessionId = s.id;
});
afterAll(async () => {
	await proxy.close();
	await sql.end();
});

describe('push through a connection that is cut 100 times', () => {
	it('1,000 lines: 0 lost, 0 duplicated, no conflicts', async () => {
		const lines = Array.from({ length: 1000 }, (_, k) => ({
			id: randomUUID(),
			session_id: sessionId,
			item_id: itemIds[k % itemIds.length],
			quantity: k % 13,
			counted_at: new Date().toISOString(),
			device_id: 'fault-phone'
		}));
		const path = `/api/v1/sync/count_lines-v1/push?location_id=${loc.id}`;
		let attempts = 0;
		let failures = 0;
		// Batches of 10 as RxDB sends them; each retried until it is answered.
		const send = async (b: number) => {
			const body = JSON.stringify(
				lines.slice(b, b + 10).map((d) => ({ assumedMasterState: null, newDocumentState: d }))
			);
			for (;;) {
				attempts++;
				try {
					const r = await post(proxyPort, path, staff.cookie, body);
					expect(r.status, r.text).toBe(200);
					expect(JSON.parse(r.text)).toEqual([]);
					break;
				} catch (e) {
					if ((e as { matcherResult?: unknown }).matcherResult) throw e;
					failures++;
				}
			}
		};
		for (let b = 0; b < lines.length; b += 10) await send(b);
		// The proxy cuts at random moments: when the batches got through before every cut was
		// spent, replay them (the same ids and payloads, as a phone that never read its answers
		// would) until all CUTS have happened. Replays must be answered [] and write nothing.
		for (let b = 0; proxy.total() < CUTS && attempts < 5000; b = (b + 10) % lines.length) {
			await send(b);
		}
		// Exactly CUTS connections were cut, a good share of them after the commit.
		expect(proxy.total()).toBe(CUTS);
		expect(proxy.cuts['after-commit']).toBeGreaterThan(10);
		const rows = await sql<{ id: string; status: string }[]>`
			select id, status from count_lines where session_id = ${sessionId}`;
		const ids = new Set(rows.map((r) => r.id));
		const lost = lines.filter((l) => !ids.has(l.id)).length;
		const duplicated = rows.length - ids.size;
		console.log(
			`faults: ${lines.length} lines, ${attempts} requests, ${failures} failed on the client, cuts ${JSON.stringify(proxy.cuts)}; on the server ${rows.length} rows, ${lost} lost, ${duplicated} duplicated`
		);
		expect(lost).toBe(0);
		expect(duplicated).toBe(0);
		expect(rows.length).toBe(1000);
		expect(rows.every((r) => r.status === 'accepted')).toBe(true);
	}, 300_000);
});
