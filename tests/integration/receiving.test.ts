// Receiving against a purchase order: stock through the ledger, the invoice price into the
// vendor's price and so the cost caches, the PO's status, audit and event; idempotent by
// client id, also under concurrency.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { createLocation, createUser, type TestUser } from '../support/auth';
import { caller } from '../support/api';

const base = inject('baseUrl');
const sql = connect(inject('databaseUrl'), { max: 4 });
afterAll(() => sql.end());

let here: { id: string }, there: { id: string };
let admin: TestUser, manager: TestUser, outsider: TestUser, staff: TestUser;
let vendorId: string, chicken: string, rice: string, walkIn: string, dry: string, away: string;
let mealId: string;

const call = caller(base);

async function item(unit: string) {
	const sku = `RC-${randomBytes(4).toString('hex')}`;
	const [i] = await sql<{ id: string }[]>`
		insert into items (sku, name, unit) values (${sku}, ${'Item ' + sku}, ${unit}) returning id`;
	return i.id;
}

async function store(locationId: string, name: string) {
	const [s] = await sql<{ id: string }[]>`
		insert into stores (location_id, name) values (${locationId}, ${name}) returning id`;
	return s.id;
}

const level = async (storeId: string, itemId: string) =>
	(
		await sql<{ quantity: number }[]>`
			select quantity from stock_levels where store_id = ${storeId} and item_id = ${itemId}`
	)[0]?.quantity ?? 0;

interface Po {
	id: string;
	status: string;
	lines: { id: string; item_id: string; received_packs: number }[];
}

/** A submitted PO of 2 cases of chicken and 3 bags of rice. */
async function submitted(chickenPacks = 2, ricePacks = 3): Promise<Po> {
	const po = await (
		await call('POST', '/api/v1/purchase-orders', manager, {
			location_id: here.id,
			vendor_id: vendorId,
			lines: [
				{ item_id: chicken, quantity_packs: chickenPacks },
				{ item_id: rice, quantity_packs: ricePacks }
			]
		})
	).json();
	const r = await call('POST', `/api/v1/purchase-orders/${po.id}/status`, manager, {
		status: 'submitted'
	});
	expect(r.status).toBe(200);
	return r.json();
}

const lineOf = (po: Po, itemId: string) => po.lines.find((l) => l.item_id === itemId)!.id;

const receive = (po: Po, who: TestUser, body: Record<string, unknown>) =>
	call('POST', `/api/v1/purchase-orders/${po.id}/receipts`, who, {
		client_id: randomUUID(),
		store_id: walkIn,
		...body
	});

beforeAll(async () => {
	here = await createLocation(sql);
	there = await createLocation(sql);
	admin = await createUser(sql, 'admin');
	manager = await createUser(sql, 'manager', [here.id]);
	outsider = await createUser(sql, 'manager', [there.id]);
	staff = await createUser(sql, 'staff', [here.id]);
	walkIn = await store(here.id, 'Walk-in');
	dry = await store(here.id, 'Dry store');
	away = await store(there.id, 'Elsewhere');
	vendorId = (
		await (await call('POST', '/api/v1/vendors', admin, { name: `RC V ${randomUUID()}` })).json()
	).id;
	chicken = await item('lb');
	rice = await item('kg');
	await call('PUT', `/api/v1/vendors/${vendorId}/items/${chicken}`, admin, {
		price_cents: 15_600,
		purchase_unit: 'case',
		units_per_pack: 40,
		preferred: true
	});
	await call('PUT', `/api/v1/vendors/${vendorId}/items/${rice}`, admin, {
		price_cents: 2_000,
		purchase_unit: 'bag',
		units_per_pack: 10
	});
	const meal = await call('POST', '/api/v1/meals', admin, {
		name: `Pollo ${randomUUID()}`,
		price_cents: 1_800,
		components: [{ item_id: chicken, quantity: 0.5 }]
	});
	mealId = (await meal.json()).id;
});

describe('POST /api/v1/purchase-orders/{poID}/receipts', () => {
	it('a short delivery at a new price: stock, vendor price, item and meal cost, status, audit, event', async () => {
		const po = await submitted();
		expect(
			(await (await call('GET', `/api/v1/meals/${mealId}`, staff)).json()).unit_cost_cents
		).toBe(
			195 // 15600 / 40 = 390 per lb × 0.5
		);
		const chickenBefore = await level(walkIn, chicken);
		const clientId = randomUUID();
		const r = await receive(po, manager, {
			client_id: clientId,
			invoice_number: 'INV-77',
			lines: [
				{ line_id: lineOf(po, chicken), quantity_packs: 1, unit_price_cents: 16_000 },
				{ line_id: lineOf(po, rice), quantity_packs: 3 }
			]
		});
		expect(r.status).toBe(201);
		const out = await r.json();
		expect(out.replayed).toBe(false);
		expect(out.purchase_order.status).toBe('partially_received');
		expect(out.receipt).toMatchObject({
			client_id: clientId,
			store_id: walkIn,
			invoice_number: 'INV-77',
			received_by: manager.id
		});
		expect(out.receipt.lines).toHaveLength(2);
		expect(out.price_changes).toEqual([
			{ item_id: chicken, vendor_id: vendorId, before_cents: 15_600, after_cents: 16_000 }
		]);
		expect(out.cost.items).toEqual([
			expect.objectContaining({ item_id: chicken, before: 390, after: 400 })
		]);
		expect(out.cost.meals).toEqual([{ meal_id: mealId, before: 195, after: 200 }]);
		expect(await level(walkIn, chicken)).toBe(chickenBefore + 40);
		expect(await level(walkIn, rice)).toBeGreaterThanOrEqual(30);

		// The caches, as every reader sees them.
		const [it] =
			await sql`select unit_cost_cents, unit_cost_vendor_id from items where id = ${chicken}`;
		expect(it).toEqual({ unit_cost_cents: 400, unit_cost_vendor_id: vendorId });
		const meal = await (await call('GET', `/api/v1/meals/${mealId}`, staff)).json();
		expect(meal.unit_cost_cents).toBe(200);
		const offer = await (await call('GET', `/api/v1/items/${chicken}/vendors`, staff)).json();
		expect(offer[0]).toMatchObject({ vendor_id: vendorId, price_cents: 16_000 });
		const [hist] = await sql`select price_cents, source, receipt_id from vendor_price_history
			where item_id = ${chicken} order by id desc limit 1`;
		expect(hist).toEqual({ price_cents: 16_000, source: 'receipt', receipt_id: out.receipt.id });
		// Rice was not preferred and kept its price: no price change, no cost change.
		const [riceOffer] = await sql`select price_cents from vendor_items where item_id = ${rice}`;
		expect(riceOffer.price_cents).toBe(2_000);

		// Ledger rows: reason receive, the receipt's note, derived client ids.
		const moves = await sql`select item_id, delta, reason, note, actor_id from stock_movements
			where store_id = ${walkIn} and note like ${'PO ' + po.id.slice(0, 8) + '%'} order by item_id`;
		expect(moves).toHaveLength(2);
		for (const m of moves) {
			expect(m).toMatchObject({ reason: 'receive', actor_id: manager.id });
			expect(m.note).toContain('INV-77');
		}
		const lines = (await (await call('GET', `/api/v1/purchase-orders/${po.id}`, staff)).json())
			.lines;
		expect(
			Object.fromEntries(lines.map((l: Po['lines'][number]) => [l.item_id, l.received_packs]))
		).toEqual({ [chicken]: 1, [rice]: 3 });
		const [audit] = await sql`select actor_id, location_id, after from audit_log
			where entity = 'receipt' and entity_id = ${out.receipt.id}`;
		expect(audit).toMatchObject({ actor_id: manager.id, location_id: here.id });
		expect(audit.after).toMatchObject({ purchase_order_id: po.id, status: 'partially_received' });
		const [e] = await sql`select payload from events where channel = ${'branch:' + here.id}
			and type = 'purchase_order:changed' order by seq desc limit 1`;
		expect(e.payload).toEqual({ id: po.id, status: 'partially_received', change: 'received' });

		// The rest arrives, with an over on chicken: received.
		const r2 = await receive(po, manager, {
			store_id: dry,
			lines: [{ line_id: lineOf(po, chicken), quantity_packs: 1.5 }]
		});
		expect(r2.status).toBe(201);
		const done = (await r2.json()).purchase_order;
		expect(done.status).toBe('received');
		expect(typeof done.received_at).toBe('string');
		expect(done.receipts).toHaveLength(2);
		expect(await level(dry, chicken)).toBe(60);
		// Nothing more can be received; the status route cannot reopen it.
		const r3 = await receive(po, manager, {
			lines: [{ line_id: lineOf(po, chicken), quantity_packs: 1 }]
		});
		expect(r3.status).toBe(409);
		expect(await r3.text()).toMatch(/received purchase order cannot be received/);
	});

	it('a retried receipt lands once; its client id on another PO is 409', async () => {
		const po = await submitted();
		const before = await level(walkIn, rice);
		const body = {
			client_id: randomUUID(),
			lines: [{ line_id: lineOf(po, rice), quantity_packs: 1 }]
		};
		expect((await receive(po, manager, body)).status).toBe(201);
		const again = await receive(po, manager, body);
		expect(again.status).toBe(200);
		const out = await again.json();
		expect(out.replayed).toBe(true);
		expect(
			out.purchase_order.lines.find((l: { item_id: string }) => l.item_id === rice).received_packs
		).toBe(1);
		expect(await level(walkIn, rice)).toBe(before + 10);
		const other = await submitted();
		const clash = await receive(other, manager, {
			...body,
			lines: [{ line_id: lineOf(other, rice), quantity_packs: 1 }]
		});
		expect(clash.status).toBe(409);
		expect(await level(walkIn, rice)).toBe(before + 10);
	});

	it('refusals: not receivable 409; bad store, line or body 400; scope 403; nothing written', async () => {
		const draft = await (
			await call('POST', '/api/v1/purchase-orders', manager, {
				location_id: here.id,
				vendor_id: vendorId,
				lines: [{ item_id: rice, quantity_packs: 1 }]
			})
		).json();
		const po = await submitted();
		const fp = async () =>
			(
				await sql`select (select count(*)::int from receipts) as r,
					(select count(*)::int from stock_movements) as m,
					(select coalesce(sum(received_packs), 0)::float as x from purchase_order_lines) as p`
			)[0];
		const before = await fp();
		const ok = { lines: [{ line_id: lineOf(po, rice), quantity_packs: 1 }] };
		const d = await receive(draft, manager, {
			lines: [{ line_id: draft.lines[0].id, quantity_packs: 1 }]
		});
		expect(d.status).toBe(409);
		expect(await d.text()).toMatch(/draft purchase order cannot be received/);
		for (const [body, status] of [
			[{ ...ok, store_id: away }, 400],
			[{ ...ok, store_id: randomUUID() }, 400],
			[{ lines: [{ line_id: draft.lines[0].id, quantity_packs: 1 }] }, 400],
			[{ lines: [] }, 400],
			[{ lines: [{ line_id: lineOf(po, rice), quantity_packs: -1 }] }, 400],
			[
				{
					lines: [
						{ line_id: lineOf(po, rice), quantity_packs: 1 },
						{ line_id: lineOf(po, rice), quantity_packs: 2 }
					]
				},
				400
			],
			[{ ...ok, client_id: 'x' }, 400],
			[{ ...ok, surprise: true }, 400]
		] as const) {
			const r = await receive(po, manager, body);
			expect(r.status, JSON.stringify(body)).toBe(status);
			expect((await r.text()).length).toBeGreaterThan(0);
		}
		expect((await receive(po, outsider, ok)).status).toBe(403);
		expect((await receive(po, staff, ok)).status).toBe(403);
		expect((await receive(po, undefined as unknown as TestUser, ok)).status).toBe(401);
		expect(
			(
				await call('POST', `/api/v1/purchase-orders/${randomUUID()}/receipts`, manager, {
					client_id: randomUUID(),
					store_id: walkIn,
					...ok
				})
			).status
		).toBe(404);
		expect(await fp()).toEqual(before);
		// Cancelled is not receivable either.
		await call('POST', `/api/v1/purchase-orders/${po.id}/status`, manager, { status: 'cancelled' });
		expect((await receive(po, manager, ok)).status).toBe(409);
	});
});

describe('receiving under concurrency', () => {
	it('two receipts of one PO line at once both land, once each', async () => {
		const po = await submitted(10, 1);
		const before = await level(walkIn, chicken);
		const line = lineOf(po, chicken);
		const rs = await Promise.all(
			[2, 3].map((n) => receive(po, manager, { lines: [{ line_id: line, quantity_packs: n }] }))
		);
		expect(rs.map((r) => r.status)).toEqual([201, 201]);
		expect(await level(walkIn, chicken)).toBe(before + 5 * 40);
		const [l] = await sql`select received_packs from purchase_order_lines where id = ${line}`;
		expect(l.received_packs).toBe(5);
		const [{ n }] =
			await sql`select count(*)::int as n from receipts where purchase_order_id = ${po.id}`;
		expect(n).toBe(2);
	});

	it('the same receipt sent five times at once lands once', async () => {
		const po = await submitted(10, 1);
		const before = await level(walkIn, chicken);
		const body = {
			client_id: randomUUID(),
			lines: [{ line_id: lineOf(po, chicken), quantity_packs: 2 }]
		};
		const rs = await Promise.all([1, 2, 3, 4, 5].map(() => receive(po, manager, body)));
		const statuses = rs.map((r) => r.status).sort();
		expect(statuses).toEqual([200, 200, 200, 200, 201]);
		expect(await level(walkIn, chicken)).toBe(before + 80);
		const [{ n }] =
			await sql`select count(*)::int as n from receipts where client_id = ${body.client_id}`;
		expect(n).toBe(1);
		const [{ m }] = await sql`select count(*)::int as m from stock_movements
			where note like ${'PO ' + po.id.slice(0, 8) + '%'}`;
		expect(m).toBe(1);
	});

	it('receipts at new prices alongside adjusts and price edits of the same items: no deadlock', async () => {
		const pos = await Promise.all([submitted(4, 4), submitted(4, 4)]);
		await call('PUT', `/api/v1/stores/${dry}/items/${chicken}`, manager, {
			quantity: 100,
			reason: 'count_correction'
		});
		await call('PUT', `/api/v1/stores/${walkIn}/items/${rice}`, manager, {
			quantity: 100,
			reason: 'count_correction'
		});
		const work: Promise<Response>[] = [];
		for (let i = 0; i < 3; i++) {
			for (const po of pos) {
				work.push(
					receive(po, manager, {
						lines: [
							{ line_id: lineOf(po, rice), quantity_packs: 1, unit_price_cents: 2_000 + i },
							{ line_id: lineOf(po, chicken), quantity_packs: 1, unit_price_cents: 16_000 + i }
						]
					})
				);
			}
			work.push(
				call('POST', `/api/v1/items/${chicken}/stores/${dry}/adjust`, manager, { delta: -1 })
			);
			work.push(
				call('POST', `/api/v1/items/${rice}/stores/${walkIn}/adjust`, manager, { delta: 1 })
			);
			work.push(
				call('PUT', `/api/v1/vendors/${vendorId}/items/${chicken}`, admin, {
					price_cents: 15_000 + i,
					purchase_unit: 'case',
					units_per_pack: 40
				})
			);
		}
		const statuses = (await Promise.all(work)).map((r) => r.status);
		expect(
			statuses.filter((s) => s >= 300),
			String(statuses)
		).toEqual([]);
		// The caches still equal a recomputation from the offers.
		const [c] =
			await sql`select i.unit_cost_cents, round(vi.price_cents / vi.units_per_pack)::int as expect
			from items i join vendor_items vi on vi.item_id = i.id and vi.preferred where i.id = ${chicken}`;
		expect(c.unit_cost_cents).toBe(c.expect);
		const [m] = await sql`select unit_cost_cents from meals where id = ${mealId}`;
		expect(m.unit_cost_cents).toBe(Math.round(c.unit_cost_cents * 0.5));
	});
});

describe('price drift (PURCHASING_PRICE_DRIFT_PCT, default 10)', () => {
	it('a receipt moving a cost by more than the threshold flags the meals using it, naming the receipt', async () => {
		const beef = await item('lb');
		await call('PUT', `/api/v1/vendors/${vendorId}/items/${beef}`, admin, {
			price_cents: 10_000,
			purchase_unit: 'case',
			units_per_pack: 10,
			preferred: true
		});
		const mk = async (components: { item_id: string; quantity: number }[]) =>
			(
				await (
					await call('POST', '/api/v1/meals', admin, {
						name: `Drift ${randomUUID()}`,
						price_cents: 3_000,
						components
					})
				).json()
			).id as string;
		const both = await mk([
			{ item_id: beef, quantity: 0.5 },
			{ item_id: chicken, quantity: 0.25 }
		]);
		const beefOnly = await mk([{ item_id: beef, quantity: 1 }]);
		const chickenOnly = await mk([{ item_id: chicken, quantity: 1 }]);
		const po = await (
			await call('POST', '/api/v1/purchase-orders', manager, {
				location_id: here.id,
				vendor_id: vendorId,
				lines: [
					{ item_id: beef, quantity_packs: 4 },
					{ item_id: chicken, quantity_packs: 4 },
					{ item_id: rice, quantity_packs: 4 }
				]
			})
		).json();
		await call('POST', `/api/v1/purchase-orders/${po.id}/status`, manager, { status: 'submitted' });
		const chickenPrice = (
			await sql`select price_cents from vendor_items
			where item_id = ${chicken} and vendor_id = ${vendorId}`
		)[0].price_cents as number;

		// Beef +20 % (1000 → 1200 per lb); chicken +5 %; rice (not preferred) +50 %.
		const r = await receive(po, manager, {
			lines: [
				{ line_id: lineOf(po, beef), quantity_packs: 1, unit_price_cents: 12_000 },
				{
					line_id: lineOf(po, chicken),
					quantity_packs: 1,
					unit_price_cents: Math.round(chickenPrice * 1.05)
				},
				{ line_id: lineOf(po, rice), quantity_packs: 1, unit_price_cents: 3_000 }
			]
		});
		expect(r.status).toBe(201);
		const out = await r.json();
		const receiptId = out.receipt.id;
		expect(out.flags.map((f: { meal_id: string }) => f.meal_id).sort()).toEqual(
			[both, beefOnly].sort()
		);
		for (const f of out.flags) {
			expect(f).toMatchObject({
				item_id: beef,
				receipt_id: receiptId,
				old_unit_cost_cents: 1_000,
				new_unit_cost_cents: 1_200,
				change_pct: 20
			});
		}
		const meal = await (await call('GET', `/api/v1/meals/${beefOnly}`, staff)).json();
		expect(meal.unit_cost_cents).toBe(1_200);
		expect(meal.cost_flags).toEqual([
			expect.objectContaining({ item_id: beef, receipt_id: receiptId, change_pct: 20 })
		]);
		const listed = await (await call('GET', '/api/v1/meals', staff)).json();
		expect(listed.find((m: { id: string }) => m.id === both).cost_flags).toHaveLength(1);
		expect(listed.find((m: { id: string }) => m.id === chickenOnly).cost_flags).toEqual([]);
		// The audit row is the receipt's and carries the flags.
		const [a] = await sql`select entity, entity_id, after from audit_log
			where entity = 'receipt' and entity_id = ${receiptId}`;
		expect(a.after.flags).toHaveLength(2);
		expect(a.after.flags[0].receipt_id).toBe(receiptId);

		// Once the meal is on a menu, menu-health names the drift, the item and the placement.
		const mn = await (
			await call('POST', '/api/v1/menus', admin, { name: `Drift menu ${randomUUID()}` })
		).json();
		const placed = await (
			await call('POST', `/api/v1/locations/${here.id}/placements`, manager, {
				menu_id: mn.id,
				meal_id: beefOnly
			})
		).json();
		const health = await (
			await call('GET', `/api/v1/menu-health?location_id=${here.id}`, manager)
		).json();
		const drift = health.findings.find(
			(f: { code: string; entities: { id: string }[] }) =>
				f.code === 'COST_DRIFT' && f.entities.some((e) => e.id === beefOnly)
		);
		// The delivery is named as the manager knows it (vendor, day on the location's clock), not
		// by the receipt's id; the day label is worked out with Intl, not the production SQL.
		const [{ timezone, vendor, created_at }] = await sql`
			select l.timezone, v.name as vendor, r.created_at
			from receipts r join purchase_orders po on po.id = r.purchase_order_id
			join vendors v on v.id = po.vendor_id join locations l on l.id = po.location_id
			where r.id = ${receiptId}`;
		const day = new Intl.DateTimeFormat('en-US', {
			timeZone: timezone,
			month: 'short',
			day: 'numeric'
		}).format(created_at);
		expect(drift.explanation).toMatch(
			new RegExp(`^A delivery from ${vendor} on ${day} moved the cost of .+ by \\+20%: check`)
		);
		expect(drift.explanation).not.toContain(receiptId);
		expect(drift.entities.map((e: { type: string; id: string }) => `${e.type}:${e.id}`)).toEqual([
			`meal:${beefOnly}`,
			`item:${beef}`,
			`placement:${placed.id}`
		]);

		// A small move (+4 %) flags nothing more; a fall of 20 % flags again (either way is drift).
		const small = await receive(po, manager, {
			lines: [{ line_id: lineOf(po, beef), quantity_packs: 1, unit_price_cents: 12_500 }]
		});
		expect((await small.json()).flags).toEqual([]);
		const fall = await receive(po, manager, {
			lines: [{ line_id: lineOf(po, beef), quantity_packs: 1, unit_price_cents: 10_000 }]
		});
		const fallen = await fall.json();
		expect(fallen.flags).toHaveLength(2);
		expect(fallen.flags[0]).toMatchObject({
			old_unit_cost_cents: 1_250,
			new_unit_cost_cents: 1_000,
			change_pct: -20
		});
		const [{ n }] =
			await sql`select count(*)::int as n from meal_cost_flags where meal_id = ${beefOnly}`;
		expect(n).toBe(2);
	});
});
