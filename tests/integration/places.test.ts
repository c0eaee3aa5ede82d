// Where items sit in a store (the walk of its counts) over HTTP: who may read and change it
// (staff read, managers write, kiosks and other campuses refused), validation, one item at a
// time and the whole walk at once (one transaction), removal, the stock.place event and audit
// row of each change, and a count started afterwards walking in the new order.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import * as ledger from '../../src/lib/server/inventory/ledger';
import { createLocation, createUser, type TestUser } from '../support/auth';
import { caller } from '../support/api';

const base = inject('baseUrl');
const sql = connect(inject('databaseUrl'), { max: 4 });
afterAll(() => sql.end());

let here: { id: string };
let manager: TestUser, staff: TestUser, kiosk: TestUser, outsider: TestUser, admin: TestUser;
let storeId: string;
// Stocked in the store, named so that name order is A, B, C, D.
const ids: Record<'A' | 'B' | 'C' | 'D', string> = { A: '', B: '', C: '', D: '' };

const call = caller(base);

interface Walk {
	store_id: string;
	places: {
		item_id: string;
		item_name: string;
		area: string;
		area_order: number;
		shelf_order: number;
	}[];
	unplaced: { item_id: string; item_name: string }[];
}
const names = Object.fromEntries(Object.entries(ids).map(([k]) => [k, `Places: ${k}`]));
const letter = (id: string) => Object.keys(ids).find((k) => ids[k as keyof typeof ids] === id);

async function walk(who = staff): Promise<Walk> {
	const r = await call('GET', `/api/v1/stores/${storeId}/places`, who);
	expect(r.status).toBe(200);
	return r.json();
}
const shape = (w: Walk) =>
	w.places.map((p) => `${p.area}:${p.area_order}:${p.shelf_order}:${letter(p.item_id)}`);

async function placeEvents(): Promise<
	{ seq: number; payload: { store_id: string; item_ids: string[] } }[]
> {
	return sql`
		select seq, payload from events
		where channel = ${'inventory:' + here.id} and type = 'stock.place' order by seq`;
}

beforeAll(async () => {
	here = await createLocation(sql);
	const there = await createLocation(sql);
	manager = await createUser(sql, 'manager', [here.id]);
	staff = await createUser(sql, 'staff', [here.id]);
	kiosk = await createUser(sql, 'kiosk', [here.id]);
	outsider = await createUser(sql, 'manager', [there.id]);
	admin = await createUser(sql, 'admin');
	const [s] =
		await sql`insert into stores (location_id, name, kind) values (${here.id}, 'Places walk-in', 'walk_in') returning id`;
	storeId = s.id;
	for (const k of ['D', 'B', 'A', 'C'] as const) {
		const [i] =
			await sql`insert into items (sku, name, unit) values (${'PL-' + randomUUID()}, ${names[k]}, 'kg') returning id`;
		ids[k] = i.id;
		await sql.begin((tx) =>
			ledger.move(tx, null, { storeId, itemId: i.id, delta: 5, reason: 'receive' })
		);
	}
});

describe('store places (the walk of a count)', () => {
	it('staff read the walk of their store: nothing placed yet, everything stocked is unplaced', async () => {
		const w = await walk();
		expect(w.store_id).toBe(storeId);
		expect(w.places).toEqual([]);
		expect(w.unplaced.map((u) => letter(u.item_id))).toEqual(['A', 'B', 'C', 'D']);
		expect(w.unplaced[0]).toMatchObject({ item_name: names.A, unit: 'kg' });
	});

	it('authorization: staff 403 on writes, kiosk 403, another campus 404, anonymous 401', async () => {
		const before = await placeEvents();
		const one = `/api/v1/stores/${storeId}/places/${ids.A}`;
		const all = `/api/v1/stores/${storeId}/places`;
		const body = { area: 'Cooler' };
		const bulk = { places: [{ item_id: ids.A, area: 'Cooler' }] };
		expect((await call('PUT', one, staff, body)).status).toBe(403);
		expect((await call('PUT', all, staff, bulk)).status).toBe(403);
		expect((await call('DELETE', one, staff)).status).toBe(403);
		expect((await call('GET', all, kiosk)).status).toBe(403);
		expect((await call('PUT', one, kiosk, body)).status).toBe(403);
		for (const [m, p, b] of [
			['GET', all, undefined],
			['PUT', one, body],
			['PUT', all, bulk],
			['DELETE', one, undefined]
		] as const) {
			const r = await call(m, p, outsider, b);
			expect(r.status, `${m} ${p} out of scope`).toBe(404);
			expect(await r.text()).toBe('Store not found');
		}
		expect((await call('GET', all)).status).toBe(401);
		expect((await call('PUT', one, undefined, body)).status).toBe(401);
		// Nothing was written by any of them.
		expect((await walk()).places).toEqual([]);
		expect(await placeEvents()).toEqual(before);
	});

	it('validation: clear 400s for bad bodies, 404 for an unknown store or item', async () => {
		const one = `/api/v1/stores/${storeId}/places/${ids.A}`;
		const all = `/api/v1/stores/${storeId}/places`;
		const bad = async (method: string, path: string, body: unknown, message: RegExp) => {
			const r = await call(method, path, manager, body);
			const text = await r.text();
			expect(r.status, `${JSON.stringify(body)} → ${text}`).toBe(400);
			expect(text).toMatch(message);
		};
		await bad('PUT', one, {}, /^area: /);
		await bad('PUT', one, { area: '   ' }, /^area: must not be empty/);
		await bad('PUT', one, { area: 'x'.repeat(61) }, /^area: at most 60 characters/);
		await bad('PUT', one, { area: 7 }, /^area: must be text/);
		await bad('PUT', one, { area: 'Cooler', area_order: -1 }, /^area_order: must not be negative/);
		await bad(
			'PUT',
			one,
			{ area: 'Cooler', shelf_order: 1.5 },
			/^shelf_order: must be a whole number/
		);
		await bad('PUT', one, { area: 'Cooler', shelf: 1 }, /Unrecognized key/i);
		await bad('PUT', one, 'not json', /not valid JSON/);
		await bad('PUT', all, {}, /^places: /);
		await bad('PUT', all, [{ item_id: ids.A, area: 'Cooler' }], /expected object/i);
		await bad(
			'PUT',
			all,
			{ places: [{ item_id: 'nope', area: 'Cooler' }] },
			/^places\.0\.item_id: must be a UUID/
		);
		await bad('PUT', all, { places: [{ item_id: ids.A }] }, /^places\.0\.area: /);
		await bad(
			'PUT',
			all,
			{
				places: [
					{ item_id: ids.A, area: 'Cooler' },
					{ item_id: ids.A, area: 'Dry' }
				]
			},
			/^places\.1\.item_id: listed twice/
		);
		// One unknown item refuses the whole walk: nothing of it is written.
		await bad(
			'PUT',
			all,
			{
				places: [
					{ item_id: ids.A, area: 'Cooler' },
					{ item_id: randomUUID(), area: 'Dry' }
				]
			},
			/^places\.1\.item_id: no such item/
		);
		expect((await walk()).places).toEqual([]);

		const unknownItem = await call(
			'PUT',
			`/api/v1/stores/${storeId}/places/${randomUUID()}`,
			manager,
			{ area: 'Cooler' }
		);
		expect([unknownItem.status, await unknownItem.text()]).toEqual([404, 'Item not found']);
		const unknownStore = await call(
			'PUT',
			`/api/v1/stores/${randomUUID()}/places/${ids.A}`,
			manager,
			{ area: 'Cooler' }
		);
		expect([unknownStore.status, await unknownStore.text()]).toEqual([404, 'Store not found']);
		const malformed = await call('GET', `/api/v1/stores/not-a-uuid/places`, manager);
		expect([malformed.status, await malformed.text()]).toEqual([404, 'Store not found']);
		const notPlaced = await call('DELETE', one, manager);
		expect([notPlaced.status, await notPlaced.text()]).toEqual([
			404,
			'This item has no place in this store'
		]);
	});

	it('a manager places items one at a time: new areas go last, new shelves at the end of their area', async () => {
		const put = async (k: keyof typeof ids, body: unknown) => {
			const r = await call('PUT', `/api/v1/stores/${storeId}/places/${ids[k]}`, manager, body);
			expect(r.status, await r.clone().text()).toBe(200);
			return r.json();
		};
		expect(await put('A', { area: 'Cooler' })).toMatchObject({
			item_id: ids.A,
			item_name: names.A,
			area: 'Cooler',
			area_order: 0,
			shelf_order: 0
		});
		await put('B', { area: 'Cooler' });
		await put('C', { area: '  Dry  ' });
		expect(shape(await walk())).toEqual(['Cooler:0:0:A', 'Cooler:0:1:B', 'Dry:1:0:C']);
		// Explicit orders: the area's order moves the whole area.
		await put('D', { area: 'Dry', area_order: 0, shelf_order: 5 });
		await put('A', { area: 'Cooler', area_order: 1 });
		expect(shape(await walk())).toEqual(['Dry:0:0:C', 'Dry:0:5:D', 'Cooler:1:0:A', 'Cooler:1:1:B']);
		const w = await walk(admin);
		expect(w.unplaced).toEqual([]);
		// Each change was audited and announced on the location's inventory channel.
		const events = await placeEvents();
		expect(events.map((e) => e.payload.item_ids.map(letter).join(''))).toEqual([
			'A',
			'B',
			'C',
			'DC',
			'AB'
		]);
		expect(events.every((e) => e.payload.store_id === storeId)).toBe(true);
		const audit = await sql`
			select action, entity, entity_id, after from audit_log
			where location_id = ${here.id} and entity = 'store_item_place' order by id`;
		expect(audit.map((a) => `${a.action}:${letter(a.entity_id)}`)).toEqual([
			'create:A',
			'create:B',
			'create:C',
			'create:D',
			'update:A'
		]);
		// The same place again changes nothing: no audit row, no event.
		await put('A', { area: 'Cooler' });
		expect(await placeEvents()).toHaveLength(events.length);
	});

	it('the whole walk at once: areas by first appearance, shelves by position; unlisted items lose their place', async () => {
		const before = await placeEvents();
		const r = await call('PUT', `/api/v1/stores/${storeId}/places`, manager, {
			places: [
				{ item_id: ids.B, area: 'Cooler' },
				{ item_id: ids.D, area: 'Freezer' },
				{ item_id: ids.A, area: 'Cooler' }
			]
		});
		expect(r.status).toBe(200);
		const answer: Walk = await r.json();
		expect(shape(answer)).toEqual(['Cooler:0:0:B', 'Cooler:0:1:A', 'Freezer:1:0:D']);
		expect(answer.unplaced.map((u) => letter(u.item_id))).toEqual(['C']);
		expect(shape(await walk())).toEqual(shape(answer));
		// One event for the whole save: the changed items in walk order, then the removed.
		const events = (await placeEvents()).slice(before.length);
		expect(events.map((e) => e.payload)).toEqual([
			{ store_id: storeId, item_ids: [ids.B, ids.D, ids.A, ids.C] }
		]);
		const [audit] = await sql`
			select action, entity_id, before, after from audit_log
			where location_id = ${here.id} and entity = 'store_walk' order by id desc limit 1`;
		expect(audit).toMatchObject({ action: 'update', entity_id: storeId });
		expect(audit.after.places).toHaveLength(3);
		expect(audit.before.places).toHaveLength(4);
		// Saving the same walk again writes nothing.
		const again = await call('PUT', `/api/v1/stores/${storeId}/places`, manager, {
			places: [
				{ item_id: ids.B, area: 'Cooler' },
				{ item_id: ids.D, area: 'Freezer' },
				{ item_id: ids.A, area: 'Cooler' }
			]
		});
		expect(again.status).toBe(200);
		expect(await placeEvents()).toHaveLength(before.length + 1);
	});

	it('removing an item from the walk: 204, announced, then 404', async () => {
		const before = await placeEvents();
		const r = await call('DELETE', `/api/v1/stores/${storeId}/places/${ids.D}`, manager);
		expect(r.status).toBe(204);
		const w = await walk();
		expect(shape(w)).toEqual(['Cooler:0:0:B', 'Cooler:0:1:A']);
		expect(w.unplaced.map((u) => letter(u.item_id))).toEqual(['C', 'D']);
		const events = (await placeEvents()).slice(before.length);
		expect(events.map((e) => e.payload)).toEqual([{ store_id: storeId, item_ids: [ids.D] }]);
		const [audit] = await sql`
			select action, entity_id from audit_log
			where location_id = ${here.id} and entity = 'store_item_place' order by id desc limit 1`;
		expect(audit).toEqual({ action: 'delete', entity_id: ids.D });
		expect(
			(await call('DELETE', `/api/v1/stores/${storeId}/places/${ids.D}`, manager)).status
		).toBe(404);
	});

	it('a count started afterwards walks in the new order, the unplaced last under "Other"', async () => {
		// An admin (every campus) reorders: A before B, C into a new first area.
		const r = await call('PUT', `/api/v1/stores/${storeId}/places`, admin, {
			places: [
				{ item_id: ids.C, area: 'Back shelf' },
				{ item_id: ids.A, area: 'Cooler' },
				{ item_id: ids.B, area: 'Cooler' }
			]
		});
		expect(r.status).toBe(200);
		const start = await call('POST', `/api/v1/stores/${storeId}/counts`, manager, {});
		expect(start.status).toBe(201);
		const count = await start.json();
		expect(
			count.items.map((i: { item_id: string; area: string }) => `${i.area}:${letter(i.item_id)}`)
		).toEqual(['Back shelf:C', 'Cooler:A', 'Cooler:B', 'Other:D']);
		expect((await call('POST', `/api/v1/counts/${count.id}/cancel`, manager, {})).status).toBe(200);
	});
});
