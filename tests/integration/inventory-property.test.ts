// Property: random sequences of set-quantity, adjust and waste across stores and items, through
// the API. After each sequence every level equals a model of the commands, and equals the
// recomputation from the ledger (sum of deltas); the usage report equals the sum of the window's
// movements by reason; the CSV and the JSON of one request agree row for row.
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { parseCsv } from '../../src/lib/server/inventory/csv';
import { WASTE_REASONS } from '../../src/lib/server/inventory/ledger';
import { createLocation, createUser, type TestUser } from '../support/auth';

const base = inject('baseUrl');
const sql = connect(inject('databaseUrl'), { max: 4 });
afterAll(() => sql.end());

let staff: TestUser;
let admin: TestUser;
beforeAll(async () => {
	admin = await createUser(sql, 'admin');
});

const call = (method: string, path: string, body?: unknown, who = staff) =>
	fetch(base + path, {
		method,
		headers: { ...who.headers, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body)
	});

// Multiples of 0.25 are exact in binary floating point, so the model's sums are exact too.
const qty = fc.integer({ min: 0, max: 200 }).map((n) => n / 4);
const nonZero = fc
	.integer({ min: -80, max: 80 })
	.filter((n) => n !== 0)
	.map((n) => n / 4);
const OTHER = ['receive', 'adjust', 'count_correction'] as const;

const command = fc.oneof(
	fc.record({
		op: fc.constant('set' as const),
		s: fc.nat(1),
		i: fc.nat(2),
		n: qty,
		reason: fc.constantFrom(...OTHER)
	}),
	fc.record({
		op: fc.constant('adjust' as const),
		s: fc.nat(1),
		i: fc.nat(2),
		n: nonZero,
		reason: fc.constantFrom(...OTHER)
	}),
	fc.record({
		op: fc.constant('waste' as const),
		s: fc.nat(1),
		i: fc.nat(2),
		n: qty.filter((n) => n > 0),
		reason: fc.constantFrom(...WASTE_REASONS)
	})
);

describe('inventory property (fast-check)', () => {
	it('levels = model = ledger recomputation; usage = window sums by reason; CSV = JSON', async () => {
		let runs = 0;
		await fc.assert(
			fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 14 }), async (cmds) => {
				runs++;
				const loc = await createLocation(sql);
				staff = await createUser(sql, 'staff', [loc.id]);
				const stores: string[] = [];
				for (const name of ['A', 'B']) {
					const [s] =
						await sql`insert into stores (location_id, name) values (${loc.id}, ${name}) returning id`;
					stores.push(s.id);
				}
				const items: string[] = [];
				for (let k = 0; k < 3; k++) {
					const r = await call(
						'POST',
						'/api/v1/items',
						{ sku: `P-${randomUUID()}`, name: `Item ${k}`, unit: 'kg', unit_cost_cents: 100 + k },
						admin
					);
					items.push((await r.json()).id);
				}
				const model = new Map<string, number>();
				const used = new Map<string, number>(); // `${store} ${item} ${reason}` → Σ|delta|
				const key = (s: number, i: number) => `${stores[s]} ${items[i]}`;
				const bump = (s: number, i: number, reason: string, d: number) => {
					const k = `${key(s, i)} ${reason}`;
					used.set(k, (used.get(k) ?? 0) + Math.abs(d));
				};
				for (const c of cmds) {
					const cur = model.get(key(c.s, c.i)) ?? 0;
					if (c.op === 'set') {
						const r = await call('PUT', `/api/v1/stores/${stores[c.s]}/items/${items[c.i]}`, {
							quantity: c.n,
							reason: c.reason
						});
						expect(r.status).toBe(200);
						bump(c.s, c.i, c.reason, c.n - cur);
						model.set(key(c.s, c.i), c.n);
						continue;
					}
					const delta = c.op === 'waste' ? -c.n : c.n;
					const r =
						c.op === 'waste'
							? await call('POST', `/api/v1/items/${items[c.i]}/waste`, {
									store_id: stores[c.s],
									quantity: c.n,
									waste_reason: c.reason
								})
							: await call('POST', `/api/v1/items/${items[c.i]}/stores/${stores[c.s]}/adjust`, {
									delta: c.n,
									reason: c.reason
								});
					if (cur + delta < 0) {
						expect(r.status).toBe(409);
						continue;
					}
					expect(r.status).toBe(201);
					expect((await r.json()).level.quantity).toBe(cur + delta);
					bump(c.s, c.i, c.op === 'waste' ? 'waste' : c.reason, delta);
					model.set(key(c.s, c.i), cur + delta);
				}
				// Levels: the table, the model and the ledger recomputation agree.
				const levels = await sql`
					select l.store_id, l.item_id, l.quantity,
						(select coalesce(sum(delta), 0) from stock_movements m
						 where m.store_id = l.store_id and m.item_id = l.item_id) as recomputed
					from stock_levels l where l.store_id in ${sql(stores)}`;
				for (const l of levels) {
					expect(l.quantity).toBe(l.recomputed);
					expect(l.quantity).toBe(model.get(`${l.store_id} ${l.item_id}`) ?? 0);
				}
				expect(levels.length).toBe(model.size);
				// Usage per store: each row = the window's movements summed by reason (and the model).
				const today = new Date().toISOString().slice(0, 10);
				for (const s of [0, 1]) {
					const q = `from=${today}&to=${today}`;
					const j = await (await call('GET', `/api/v1/stores/${stores[s]}/usage?${q}`)).json();
					const sums = await sql`
						select item_id, reason, sum(abs(delta)) as used from stock_movements
						where store_id = ${stores[s]} group by item_id, reason`;
					for (const row of j.rows) {
						for (const reason of ['waste', 'adjust', 'count_correction', 'receive']) {
							const db =
								sums.find((x) => x.item_id === row.item_id && x.reason === reason)?.used ?? 0;
							expect(row.by_reason[reason]).toBe(db);
							expect(row.by_reason[reason]).toBe(
								used.get(`${stores[s]} ${row.item_id} ${reason}`) ?? 0
							);
						}
						expect(row.total_used).toBe(
							Object.values(row.by_reason as Record<string, number>).reduce((a, b) => a + b, 0)
						);
					}
					expect(new Set(j.rows.map((r: { item_id: string }) => r.item_id))).toEqual(
						new Set(sums.map((x) => x.item_id))
					);
					const csv = parseCsv(
						await (await call('GET', `/api/v1/stores/${stores[s]}/usage?${q}&format=csv`)).text()
					);
					expect(csv.slice(1)).toEqual(
						j.rows.map(
							(x: {
								item_name: string;
								unit: string;
								total_used: number;
								by_reason: Record<string, number>;
								unit_cost_cents: number;
								value_used_cents: number;
							}) =>
								[
									x.item_name,
									x.unit,
									x.total_used,
									x.by_reason.waste,
									x.by_reason.adjust,
									x.by_reason.count_correction,
									x.by_reason.receive,
									x.unit_cost_cents,
									x.value_used_cents
								].map(String)
						)
					);
				}
			}),
			{ numRuns: 30, endOnFailure: true }
		);
		expect(runs).toBeGreaterThanOrEqual(30);
	}, 600_000);
});
