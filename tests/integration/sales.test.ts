// Sales deplete stock and predictive 86 (issue 14): an order made ready takes its lines'
// components out of the location's line store through the ledger (`sale`), once per order;
// the usage report shows them on request (`used_sale`); the live menu marks a dish whose stock
// cannot cover a portion sold out (`sold_out_reason: 'stock'`), hints "only N left", lets the
// manual 86 win, and tells its readers over menu:{location} when that changes.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { read } from '../../src/lib/server/events/outbox';
import { parseCsv } from '../../src/lib/server/inventory/csv';
import { createLocation, createUser, type TestUser } from '../support/auth';
import { caller } from '../support/api';

const base = inject('baseUrl');
const sql = connect(inject('databaseUrl'), { max: 2 });
afterAll(() => sql.end());

const tag = () => randomBytes(3).toString('hex');
const call = caller(base);

let admin: TestUser, manager: TestUser, cook: TestUser, outsider: TestUser;
let loc: { id: string; slug: string };
let line: string, walkIn: string, otherStore: string;

async function item(name = `Item ${tag()}`, price: number | null = null) {
	const [i] = await sql<{ id: string; name: string }[]>`
		insert into items (sku, name, unit, price_cents) values (${'S-' + tag()}, ${name}, 'kg', ${price})
		returning id, name`;
	return i;
}
async function meal(components: { item: string; quantity: number; yield_pct?: number }[]) {
	const [m] = await sql<{ id: string; name: string }[]>`
		insert into meals (name, price_cents) values (${'Dish ' + tag()}, 1500) returning id, name`;
	let position = 0;
	for (const c of components) {
		await sql`insert into meal_components (meal_id, item_id, quantity, yield_pct, position)
			values (${m.id}, ${c.item}, ${c.quantity}, ${c.yield_pct ?? 100}, ${position++})`;
	}
	return m;
}
async function stock(storeId: string, itemId: string, quantity: number) {
	const r = await call('PUT', `/api/v1/stores/${storeId}/items/${itemId}`, manager, {
		quantity,
		reason: 'count_correction'
	});
	expect(r.status).toBe(200);
}
async function order(lines: { meal?: string; item?: string; quantity: number }[]) {
	const [o] = await sql<{ id: string }[]>`
		insert into orders (location_id, source, external_id, customer_name)
		values (${loc.id}, 'saavor', ${'sales-' + tag()}, 'Sales test') returning id`;
	let position = 0;
	for (const l of lines) {
		await sql`insert into order_lines (order_id, position, meal_id, item_id, name, quantity)
			values (${o.id}, ${position++}, ${l.meal ?? null}, ${l.item ?? null}, 'Line', ${l.quantity})`;
	}
	return o.id;
}
const move = async (id: string, to: string) => {
	const r = await call('POST', `/api/v1/locations/${loc.id}/orders/${id}/transition`, cook, { to });
	expect(r.status).toBe(200);
};
const ready = async (id: string) => {
	await move(id, 'preparing');
	await move(id, 'ready');
};
const level = async (storeId: string, itemId: string) => {
	const [l] = await sql<{ quantity: number; recomputed: number }[]>`
		select l.quantity, (select coalesce(sum(delta), 0) from stock_movements m
			where m.store_id = l.store_id and m.item_id = l.item_id) as recomputed
		from stock_levels l where l.store_id = ${storeId} and l.item_id = ${itemId}`;
	// The ledger's invariant: the level is what its movements add up to.
	expect(l.quantity).toBe(l.recomputed);
	return l.quantity;
};
const sales = (orderId: string) =>
	sql<{ item_id: string; store_id: string; delta: number; note: string; client_id: string }[]>`
		select item_id, store_id, delta, note, client_id from stock_movements
		where reason = 'sale' and note like ${'Order ' + orderId + '%'} order by item_id`;

beforeAll(async () => {
	loc = await createLocation(sql);
	const away = await createLocation(sql);
	admin = await createUser(sql, 'admin');
	manager = await createUser(sql, 'manager', [loc.id]);
	cook = await createUser(sql, 'staff', [loc.id]);
	outsider = await createUser(sql, 'manager', [away.id]);
	const mk = async (location: string, name: string, kind: string) =>
		(
			await sql<{ id: string }[]>`
				insert into stores (location_id, name, kind) values (${location}, ${name}, ${kind}) returning id`
		)[0].id;
	line = await mk(loc.id, 'Line', 'line');
	walkIn = await mk(loc.id, 'Walk-in', 'walk_in');
	otherStore = await mk(away.id, 'Elsewhere', 'line');
});

describe('the line store (addition)', () => {
	it('manager of the location sets it (audited); staff 403, other campus 403, foreign store 400', async () => {
		const path = `/api/v1/locations/${loc.id}/line-store`;
		expect(await (await call('GET', path, cook)).json()).toEqual({
			location_id: loc.id,
			store_id: null,
			store_name: null
		});
		expect((await call('PUT', path, cook, { store_id: line })).status).toBe(403);
		expect((await call('PUT', path, outsider, { store_id: line })).status).toBe(403);
		expect((await call('GET', path, outsider)).status).toBe(404);
		const bad = await call('PUT', path, manager, { store_id: otherStore });
		expect(bad.status).toBe(400);
		expect(await bad.text()).toMatch(/not a store of this location/);
		expect((await call('PUT', path, manager, { store_id: 'x' })).status).toBe(400);
		const r = await call('PUT', path, manager, { store_id: line });
		expect(r.status).toBe(200);
		expect(await r.json()).toEqual({ location_id: loc.id, store_id: line, store_name: 'Line' });
		const [a] = await sql`
			select action, actor_id from audit_log
			where entity = 'location' and entity_id = ${loc.id} and action = 'set_line_store'`;
		expect(a.actor_id).toBe(manager.id);
		expect((await call('GET', path, admin)).status).toBe(200);
	});
});

describe('sales deplete stock', () => {
	it('no line store: the order readies and nothing is consumed', async () => {
		const l2 = await createLocation(sql);
		const [st] =
			await sql`insert into stores (location_id, name) values (${l2.id}, 'S') returning id`;
		const beef = await item();
		const m = await meal([{ item: beef.id, quantity: 1 }]);
		await sql`insert into stock_levels (store_id, item_id, quantity) values (${st.id}, ${beef.id}, 0)`;
		const [o] = await sql<{ id: string }[]>`
			insert into orders (location_id, source, external_id) values (${l2.id}, 'saavor', ${tag()}) returning id`;
		await sql`insert into order_lines (order_id, meal_id, name, quantity) values (${o.id}, ${m.id}, 'x', 1)`;
		const chef = await createUser(sql, 'staff', [l2.id]);
		for (const to of ['preparing', 'ready']) {
			const r = await call('POST', `/api/v1/locations/${l2.id}/orders/${o.id}/transition`, chef, {
				to
			});
			expect(r.status).toBe(200);
		}
		expect(await sales(o.id)).toEqual([]);
		const [row] = await sql`select stock_consumed_at from orders where id = ${o.id}`;
		expect(row.stock_consumed_at).toBeNull();
	});

	it('ready consumes each line once; recall + ready again consumes nothing more', async () => {
		const patty = await item('Patty');
		const bun = await item('Bun');
		const soda = await item('Soda can', 300);
		// 0.25 kg plated at 80 % yield: 0.3125 kg bought per burger.
		const burger = await meal([
			{ item: patty.id, quantity: 0.25, yield_pct: 80 },
			{ item: bun.id, quantity: 1 }
		]);
		const double = await meal([{ item: patty.id, quantity: 0.5 }]);
		await stock(line, patty.id, 10);
		await stock(line, bun.id, 20);
		await stock(line, soda.id, 6);
		const id = await order([
			{ meal: burger.id, quantity: 2 },
			{ meal: double.id, quantity: 1 },
			{ item: soda.id, quantity: 3 }
		]);
		await move(id, 'preparing');
		expect(await sales(id)).toEqual([]);
		await move(id, 'ready');
		// Patty: 2 × 0.3125 + 0.5 in one movement; bun 2; soda 3 (an item line takes itself).
		expect(await level(line, patty.id)).toBe(10 - 1.125);
		expect(await level(line, bun.id)).toBe(18);
		expect(await level(line, soda.id)).toBe(3);
		const first = await sales(id);
		expect(first).toHaveLength(3);
		expect(first.every((m) => m.store_id === line && m.delta < 0)).toBe(true);
		// Recalled (back to the line) and readied again, twice: no second consumption.
		for (let i = 0; i < 2; i++) {
			await move(id, 'preparing');
			await move(id, 'ready');
		}
		expect(await sales(id)).toEqual(first);
		expect(await level(line, patty.id)).toBe(8.875);
		// Nothing left the walk-in.
		const [w] =
			await sql`select count(*)::int as n from stock_movements where store_id = ${walkIn}`;
		expect(w.n).toBe(0);
	});

	it('concurrent ready taps on one order consume once', async () => {
		const rice = await item('Rice');
		const bowl = await meal([{ item: rice.id, quantity: 0.2 }]);
		await stock(line, rice.id, 5);
		const id = await order([{ meal: bowl.id, quantity: 1 }]);
		await move(id, 'preparing');
		const taps = await Promise.all(
			Array.from({ length: 5 }, () =>
				call('POST', `/api/v1/locations/${loc.id}/orders/${id}/transition`, cook, {
					to: 'ready',
					from: 'preparing'
				})
			)
		);
		expect(taps.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
		expect(await sales(id)).toHaveLength(1);
		expect(await level(line, rice.id)).toBe(4.8);
	});

	it('a sale is never refused: below zero is allowed and flagged on the movement', async () => {
		const fish = await item('Fish');
		const plate = await meal([{ item: fish.id, quantity: 0.4 }]);
		await stock(line, fish.id, 0.5);
		const id = await order([{ meal: plate.id, quantity: 2 }]);
		await ready(id);
		expect(await level(line, fish.id)).toBe(-0.3);
		const [m] = await sales(id);
		expect(m.note).toMatch(/short/);
		const [o] = await sql`select prep_state from orders where id = ${id}`;
		expect(o.prep_state).toBe('ready');
	});

	it('usage: `sale` on request, used_sale appended after the documented columns', async () => {
		const flour = await item('Flour');
		const bread = await meal([{ item: flour.id, quantity: 0.5 }]);
		await stock(line, flour.id, 4);
		await ready(await order([{ meal: bread.id, quantity: 3 }]));
		const day = new Date().toISOString().slice(0, 10);
		const q = `from=${day}&to=${day}`;
		// Without `reasons`: the reference's four, exactly.
		const plain = await (await call('GET', `/api/v1/stores/${line}/usage?${q}`, cook)).json();
		expect(plain.reasons).toEqual(['waste', 'adjust', 'count_correction', 'receive']);
		const p = plain.rows.find((r: { item_id: string }) => r.item_id === flour.id);
		expect(Object.keys(p.by_reason)).toEqual(['waste', 'adjust', 'count_correction', 'receive']);
		const reasons = 'waste,adjust,count_correction,receive,sale';
		const j = await (
			await call('GET', `/api/v1/stores/${line}/usage?${q}&reasons=${reasons}`, cook)
		).json();
		expect(j.reasons).toEqual(reasons.split(','));
		const f = j.rows.find((r: { item_id: string }) => r.item_id === flour.id);
		expect(f.by_reason).toEqual({
			waste: 0,
			adjust: 0,
			count_correction: 4,
			receive: 0,
			sale: 1.5
		});
		expect(f.total_used).toBe(5.5);
		const only = await (
			await call('GET', `/api/v1/stores/${line}/usage?${q}&reasons=sale`, cook)
		).json();
		expect(only.rows.find((r: { item_id: string }) => r.item_id === flour.id).total_used).toBe(1.5);
		const csv = parseCsv(
			await (
				await call('GET', `/api/v1/stores/${line}/usage?${q}&reasons=${reasons}&format=csv`, cook)
			).text()
		);
		expect(csv[0]).toEqual([
			'item_name',
			'unit',
			'total_used',
			'used_waste',
			'used_adjust',
			'used_count_correction',
			'used_receive',
			'unit_cost_cents',
			'value_used_cents',
			'used_sale'
		]);
		const row = csv.find((r) => r[0] === 'Flour')!;
		expect(row.slice(2, 7)).toEqual(['5.5', '0', '0', '4', '0']);
		expect(row[9]).toBe('1.5');
		const movements = await (
			await call('GET', `/api/v1/stores/${line}/movements?reason=sale&item_id=${flour.id}`, cook)
		).json();
		expect(JSON.stringify(movements)).toContain('"reason":"sale"');
	});
});

describe('predictive 86 (the one resolver)', () => {
	let menuId: string;
	beforeAll(async () => {
		const r = await call('POST', '/api/v1/menus', admin, { name: `Sales menu ${tag()}` });
		menuId = (await r.json()).id;
	});
	const place = async (body: { meal_id?: string; item_id?: string }) => {
		const r = await call('POST', `/api/v1/locations/${loc.id}/placements`, manager, {
			menu_id: menuId,
			...body
		});
		expect(r.status).toBe(201);
		return (await r.json()).id as string;
	};
	const entry = async (id: string) => {
		const c = await (await call('GET', `/api/v1/locations/${loc.id}/menu/current`, cook)).json();
		return c.entries.find((e: { id: string }) => e.id === id);
	};
	const stockEvents = async () =>
		(await read(sql, `menu:${loc.id}`, 0, 100_000)).filter(
			(e) => (e.payload as { entity: string }).entity === 'stock'
		).length;
	const eventually = async (f: () => Promise<boolean>) => {
		for (let i = 0; i < 50 && !(await f()); i++) await new Promise((r) => setTimeout(r, 100));
		expect(await f()).toBe(true);
	};

	it('sold out when stock cannot cover a portion, "only N left" below the threshold, back on restock', async () => {
		const tuna = await item('Tuna');
		const rice = await item('Sushi rice');
		const roll = await meal([
			{ item: tuna.id, quantity: 0.1, yield_pct: 50 }, // 0.2 kg per roll
			{ item: rice.id, quantity: 0.15 }
		]);
		await place({ meal_id: roll.id });
		await stock(walkIn, rice.id, 10); // the location's stock: every store counts
		await stock(walkIn, tuna.id, 3); // 15 rolls
		expect(await entry(roll.id)).toMatchObject({
			sold_out: false,
			sold_out_reason: null,
			portions_left: null
		});
		const events0 = await stockEvents();
		await stock(walkIn, tuna.id, 0.6); // 3 rolls
		expect(await entry(roll.id)).toMatchObject({ sold_out: false, portions_left: 3 });
		await eventually(async () => (await stockEvents()) > events0);
		const events1 = await stockEvents();
		// Two sold and readied from the line: 0.6 in the walk-in, −0.4 on the line → 1 roll.
		await ready(await order([{ meal: roll.id, quantity: 2 }]));
		expect(await entry(roll.id)).toMatchObject({ sold_out: false, portions_left: 1 });
		await ready(await order([{ meal: roll.id, quantity: 1 }]));
		expect(await entry(roll.id)).toMatchObject({
			sold_out: true,
			sold_out_reason: 'stock',
			portions_left: null
		});
		await eventually(async () => (await stockEvents()) >= events1 + 2);
		// Restocked: back on sale.
		await stock(walkIn, tuna.id, 5);
		expect(await entry(roll.id)).toMatchObject({ sold_out: false, sold_out_reason: null });
	});

	// A kitchen tap queued offline is replayed inside a savepoint of the push: it consumes once
	// too, and its notice still goes out after the push commits (the savepoint's commit hooks
	// are the root transaction's).
	it('a replayed offline ready tap consumes once and notifies after commit', async () => {
		const crab = await item('Crab');
		const claws = await meal([{ item: crab.id, quantity: 1 }]);
		await place({ meal_id: claws.id });
		await stock(line, crab.id, 2);
		expect(await entry(claws.id)).toMatchObject({ portions_left: 2 });
		const events0 = await stockEvents();
		const id = await order([{ meal: claws.id, quantity: 2 }]);
		await move(id, 'preparing');
		const tap = {
			id: randomUUID(),
			order_id: id,
			kind: 'transition',
			from: 'preparing',
			to: 'ready',
			made_at: new Date().toISOString(),
			device_id: 'kds-sales'
		};
		for (let i = 0; i < 2; i++) {
			const r = await fetch(`${base}/api/v1/sync/kitchen_actions-v1/push?location_id=${loc.id}`, {
				method: 'POST',
				headers: { ...cook.headers, 'content-type': 'application/json' },
				body: JSON.stringify([{ newDocumentState: tap }])
			});
			expect(r.status).toBe(200);
		}
		expect(await sales(id)).toHaveLength(1);
		expect(await level(line, crab.id)).toBe(0);
		expect(await entry(claws.id)).toMatchObject({ sold_out: true, sold_out_reason: 'stock' });
		await eventually(async () => (await stockEvents()) > events0);
	});

	it('diner order validation uses the same verdict: predicted sold out is refused SOLD_OUT', async () => {
		const okra = await item('Okra');
		const stew = await meal([{ item: okra.id, quantity: 0.5 }]);
		await place({ meal_id: stew.id });
		await stock(walkIn, okra.id, 0.4);
		await sql`insert into dining_tables (location_id, number, code, seats)
			values (${loc.id}, 1, ${loc.slug + '-1'}, 4) on conflict do nothing`;
		const cust = (p: string) => `/api/customer/${loc.slug}/${loc.slug}-1${p}`;
		const started = await (
			await call('POST', cust('/session'), undefined, { customerName: 'Predicted' })
		).json();
		const { session, token } = started.data;
		expect((await call('PATCH', `/api/tables/sessions/${session.id}/approve`, cook)).status).toBe(
			200
		);
		const orderIt = (key: string) =>
			fetch(base + cust('/orders'), {
				method: 'POST',
				headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
				body: JSON.stringify({ idempotencyKey: key, lines: [{ mealId: stew.id, quantity: 1 }] })
			});
		const refused = await orderIt(`pred-${tag()}`);
		expect(refused.status).toBe(409);
		expect((await refused.json()).error.code).toBe('SOLD_OUT');
		await stock(walkIn, okra.id, 1);
		expect((await orderIt(`pred-${tag()}`)).status).toBe(201);
	});

	it('a movement that changes nothing shown sends no notice', async () => {
		const salt = await item('Salt');
		const fries = await meal([{ item: salt.id, quantity: 0.01 }]);
		await place({ meal_id: fries.id });
		await stock(walkIn, salt.id, 50);
		await new Promise((r) => setTimeout(r, 300));
		const before = await stockEvents();
		await stock(walkIn, salt.id, 49);
		await new Promise((r) => setTimeout(r, 500));
		expect(await stockEvents()).toBe(before);
	});

	// Every movement of a location holds its inventory channel's counter row from its emit to
	// its commit, and stockMoved's read runs under it (pipelined behind the emit): concurrent
	// movements in different stores each see all those before them, so there is exactly one
	// notice per change of what the dish shows, none lost to a stale read.
	it('concurrent movements in two stores: one notice per change shown, none lost', async () => {
		const lime = await item('Lime', 100);
		await place({ item_id: lime.id });
		await stock(line, lime.id, 6);
		await stock(walkIn, lime.id, 6);
		await new Promise((r) => setTimeout(r, 300));
		const notices = async () =>
			(await read(sql, `menu:${loc.id}`, 0, 100_000)).filter((e) => {
				const p = e.payload as { entity: string; id: string };
				return p.entity === 'stock' && p.id === lime.id;
			}).length;
		const before = await notices();
		const adjusts = await Promise.all(
			Array.from({ length: 12 }, (_, i) =>
				call('POST', `/api/v1/items/${lime.id}/stores/${i % 2 ? line : walkIn}/adjust`, manager, {
					delta: -1
				})
			)
		);
		expect(adjusts.map((r) => r.status)).toEqual(Array(12).fill(201));
		// 12 → 0 one at a time: 6→5, 5→4, 4→3, 3→2, 2→1 (the "only N left" hint) and 1→0
		// (sold out) change what the menu shows; 12→6 do not.
		await eventually(async () => (await notices()) >= before + 6);
		await new Promise((r) => setTimeout(r, 500));
		expect(await notices()).toBe(before + 6);
		expect(await entry(lime.id)).toMatchObject({ sold_out: true, sold_out_reason: 'stock' });
	});

	it('manual 86 always wins; untracked components predict nothing; an item sells as itself', async () => {
		const herb = await item('Herb (never stocked)');
		const salad = await meal([{ item: herb.id, quantity: 1 }]);
		await place({ meal_id: salad.id });
		expect(await entry(salad.id)).toMatchObject({ sold_out: false, portions_left: null });
		const cola = await item('Cola', 250);
		const pid = await place({ item_id: cola.id });
		await stock(line, cola.id, 2);
		expect(await entry(cola.id)).toMatchObject({ sold_out: false, portions_left: 2 });
		const r = await call('PUT', `/api/v1/placements/${pid}`, cook, { sold_out: true });
		expect(r.status).toBe(200);
		expect(await entry(cola.id)).toMatchObject({ sold_out: true, sold_out_reason: 'manual' });
		await stock(line, cola.id, 0);
		expect((await entry(cola.id)).sold_out_reason).toBe('manual');
		await call('PUT', `/api/v1/placements/${pid}`, cook, { sold_out: false });
		expect(await entry(cola.id)).toMatchObject({ sold_out: true, sold_out_reason: 'stock' });
	});
});
