// The live_menus sync collection over HTTP (issue 12): one pull-only document per location with
// what its live menu is made of. Resolved on the device with the shared rule, it agrees with
// GET …/menu/current at any instant; every writer of what it holds brings it back after the
// checkpoint (its rev is the sum of the location's menu and inventory counters); nothing
// changed, nothing comes; loss of scope sends a tombstone.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { resolveMenu } from '../../src/lib/shared/live-menu';
import type { CurrentMenu } from '../../src/lib/shared/wire/menus';
import type { LiveMenuDoc } from '../../src/lib/shared/wire/sync';
import { createLocation, createUser, type TestUser } from '../support/auth';
import { caller } from '../support/api';

const base = inject('baseUrl');
const sql = connect(inject('databaseUrl'), { max: 2 });
afterAll(() => sql.end());

const PULL = '/api/v1/sync/live_menus-v1/pull';

let admin: TestUser, manager: TestUser, staff: TestUser;
let here: { id: string };
let store: string;
let ceviche: { id: string }, lomo: { id: string }, fish: { id: string };
let placements: { ceviche: string; lomo: string };
let lunch: { id: string };

const call = caller(base);
const tag = () => randomBytes(3).toString('hex');

async function ok<T>(r: Promise<Response>, status = 200): Promise<T> {
	const res = await r;
	const text = await res.text();
	expect(res.status, text).toBe(status);
	return (text ? JSON.parse(text) : undefined) as T;
}

type Cp = { rev: number; id: string; lost?: boolean } | null;
type Doc = LiveMenuDoc | { id: string; _deleted: true };

async function pull(who: TestUser, loc: string, cp: Cp = null) {
	const q = new URLSearchParams({ location_id: loc });
	if (cp) {
		q.set('rev', String(cp.rev));
		q.set('id', cp.id);
		if (cp.lost) q.set('lost', '1');
	}
	const page = await ok<{ documents: Doc[]; checkpoint: Cp }>(call('GET', `${PULL}?${q}`, who));
	expect(page.documents.length).toBeLessThanOrEqual(1);
	return { doc: page.documents[0], cp: page.checkpoint };
}

/** The doc must come back after `cp`, and it is returned with the next checkpoint. */
async function changed(cp: Cp) {
	const next = await pull(staff, here.id, cp);
	expect(next.doc, 'the live menu came back').toBeDefined();
	expect(next.cp!.rev).toBeGreaterThan(cp!.rev);
	return next as { doc: LiveMenuDoc; cp: NonNullable<Cp> };
}

/**
 * Nothing changed, so nothing comes: the pull from `cp` is empty and keeps `cp`. Other test
 * files write the catalog meanwhile, and items are install-wide (every location's inventory
 * counter moves with them), so a page may still come: then it must carry a newer rev, and the
 * pull from there is checked the same way, until one is empty.
 */
async function quiet(who: TestUser, cp: Cp) {
	for (let at = cp; ;) {
		const next = await pull(who, here.id, at);
		if (!next.doc) {
			expect(next.cp).toEqual(at);
			return;
		}
		expect(next.cp!.rev).toBeGreaterThan(at!.rev);
		at = next.cp;
	}
}

/** What the device shows at `at`, in the wire's shape (JSON dates). */
const onDevice = (doc: LiveMenuDoc, at: Date) =>
	JSON.parse(JSON.stringify(resolveMenu(doc, at))) as CurrentMenu;

beforeAll(async () => {
	here = await createLocation(sql);
	await sql`update locations set timezone = 'America/Lima' where id = ${here.id}`;
	admin = await createUser(sql, 'admin');
	manager = await createUser(sql, 'manager', [here.id]);
	staff = await createUser(sql, 'staff', [here.id]);
	[{ id: store }] = await sql<{ id: string }[]>`
		insert into stores (location_id, name, kind) values (${here.id}, 'Line', 'line') returning id`;
	fish = await ok(
		call('POST', '/api/v1/items', admin, { sku: `LM-${tag()}`, name: 'Corvina', unit: 'kg' }),
		201
	);
	ceviche = await ok(
		call('POST', '/api/v1/meals', admin, {
			name: `Ceviche ${tag()}`,
			price_cents: 3200,
			components: [{ item_id: fish.id, quantity: 0.2 }]
		}),
		201
	);
	lomo = await ok(
		call('POST', '/api/v1/meals', admin, { name: `Lomo ${tag()}`, price_cents: 4100 }),
		201
	);
	const menu = await ok<{ id: string }>(
		call('POST', '/api/v1/menus', admin, { name: `Carta ${tag()}` }),
		201
	);
	lunch = await ok(
		call('POST', `/api/v1/locations/${here.id}/dayparts`, manager, {
			name: 'Lunch',
			starts_at: '12:00',
			ends_at: '16:00'
		}),
		201
	);
	const place = (body: object) =>
		ok<{ id: string }>(
			call('POST', `/api/v1/locations/${here.id}/placements`, manager, {
				menu_id: menu.id,
				...body
			}),
			201
		);
	placements = {
		ceviche: (await place({ meal_id: ceviche.id, daypart_id: lunch.id })).id,
		lomo: (await place({ meal_id: lomo.id }))!.id
	};
	await ok(
		call('PUT', `/api/v1/stores/${store}/items/${fish.id}`, manager, {
			quantity: 1,
			reason: 'receive'
		})
	);
});

describe('live_menus pull', () => {
	it('one document per location, which resolves on the device exactly as the server does', async () => {
		const { doc, cp } = await pull(staff, here.id);
		expect(cp).toMatchObject({ id: here.id });
		const d = doc as LiveMenuDoc;
		expect(d).toMatchObject({ id: here.id, location_id: here.id, time_zone: 'America/Lima' });
		expect(d.placements.map((p) => p.placement_id).sort()).toEqual(
			[placements.ceviche, placements.lomo].sort()
		);
		// 1 kg of corvina at 0.2 kg a portion: five portions.
		expect(d.placements.find((p) => p.id === ceviche.id)?.portions).toBe(5);
		// Before lunch, in lunch, after it, on a DST-free zone's boundary: the device agrees.
		for (const at of [
			'2026-12-03T16:59:00Z',
			'2026-12-03T17:00:00Z',
			'2026-12-03T19:30:00Z',
			'2026-12-03T21:00:00Z'
		]) {
			const server = await ok<CurrentMenu>(
				call('GET', `/api/v1/locations/${here.id}/menu/current?at=${at}`, staff)
			);
			expect(onDevice(d, new Date(at)), at).toEqual(server);
		}
		const inLunch = onDevice(d, new Date('2026-12-03T18:00:00Z'));
		expect(inLunch.daypart?.name).toBe('Lunch');
		expect(inLunch.entries.find((e) => e.id === ceviche.id)?.portions_left).toBe(5);
		// Nothing changed: the same checkpoint pulls nothing.
		await quiet(staff, cp);
	});

	it('every writer of what it holds brings it back', async () => {
		let { cp } = await pull(staff, here.id);
		let got: { doc: LiveMenuDoc; cp: NonNullable<Cp> };

		// A cook's 86 (menu channel).
		await ok(call('PUT', `/api/v1/placements/${placements.lomo}`, staff, { sold_out: true }));
		got = await changed(cp);
		expect(got.doc.placements.find((p) => p.id === lomo.id)?.sold_out).toBe(true);
		cp = got.cp;

		// Stock (inventory channel): 0.6 kg left covers three portions.
		await ok(
			call('POST', `/api/v1/items/${fish.id}/stores/${store}/adjust`, staff, { delta: -0.4 }),
			201
		);
		got = await changed(cp);
		expect(got.doc.placements.find((p) => p.id === ceviche.id)?.portions).toBe(3);
		cp = got.cp;

		// A placed meal's price and recipe (install-wide; announced to where it is placed).
		await ok(
			call('PUT', `/api/v1/meals/${ceviche.id}`, admin, {
				price_cents: 3500,
				components: [{ item_id: fish.id, quantity: 0.3 }]
			})
		);
		got = await changed(cp);
		const c = got.doc.placements.find((p) => p.id === ceviche.id)!;
		expect({ price: c.price_cents, portions: c.portions }).toEqual({ price: 3500, portions: 2 });
		cp = got.cp;

		// The daypart's hours.
		await ok(call('PUT', `/api/v1/dayparts/${lunch.id}`, manager, { ends_at: '17:00' }));
		got = await changed(cp);
		expect(got.doc.dayparts.find((d) => d.id === lunch.id)?.ends_at).toBe('17:00:00');
		cp = got.cp;

		// The location's zone decides which daypart is live.
		await ok(call('PUT', `/api/v1/locations/${here.id}`, admin, { timezone: 'Europe/Madrid' }));
		got = await changed(cp);
		expect(got.doc.time_zone).toBe('Europe/Madrid');
		cp = got.cp;

		// Back as it was, for the other tests.
		await ok(call('PUT', `/api/v1/locations/${here.id}`, admin, { timezone: 'America/Lima' }));
		await ok(call('PUT', `/api/v1/placements/${placements.lomo}`, staff, { sold_out: false }));
		got = await changed(cp);
		expect(got.doc.time_zone).toBe('America/Lima');
		await quiet(staff, got.cp);
	});

	it('writes racing the pulls: the last pull after them holds the server’s menu', async () => {
		let { cp } = await pull(staff, here.id);
		let held: LiveMenuDoc | undefined;
		const writes = Promise.all(
			Array.from({ length: 12 }, (_, k) =>
				k % 2
					? call('PUT', `/api/v1/placements/${placements.lomo}`, staff, { sold_out: k % 4 === 1 })
					: call('POST', `/api/v1/items/${fish.id}/stores/${store}/adjust`, staff, {
							delta: 0.3
						})
			)
		);
		let done = false;
		void writes.then(() => (done = true));
		while (!done) {
			const p = await pull(staff, here.id, cp);
			if (p.doc) held = p.doc as LiveMenuDoc;
			cp = p.cp;
		}
		expect((await writes).map((r) => r.status).sort()).toEqual(
			[...Array(6).fill(200), ...Array(6).fill(201)].sort()
		);
		const last = await pull(staff, here.id, cp);
		if (last.doc) held = last.doc as LiveMenuDoc;
		expect(held).toBeDefined();
		const at = '2026-12-03T18:00:00Z';
		const server = await ok<CurrentMenu>(
			call('GET', `/api/v1/locations/${here.id}/menu/current?at=${at}`, staff)
		);
		expect(onDevice(held!, new Date(at))).toEqual(server);
	});

	it('out of scope: nothing without a checkpoint; a tombstone with one', async () => {
		const outsider = await createUser(sql, 'staff', []);
		const none = await pull(outsider, here.id);
		expect(none).toEqual({ doc: undefined, cp: null });
		const mine = await createUser(sql, 'staff', [here.id]);
		const { cp } = await pull(mine, here.id);
		await sql`delete from user_locations where user_id = ${mine.id}`;
		const gone = await pull(mine, here.id, cp);
		expect(gone.doc).toEqual({ id: here.id, _deleted: true });
		expect(gone.cp?.lost).toBe(true);
		// Held nothing since: the lost checkpoint pulls nothing more while nothing changes.
		await quiet(mine, gone.cp);
	});

	it('kiosks (signage) do not pull: sync is for staff', async () => {
		const kiosk = await createUser(sql, 'kiosk', [here.id]);
		expect((await call('GET', `${PULL}?location_id=${here.id}`, kiosk)).status).toBe(403);
		expect(
			(await call('POST', `/api/v1/sync/live_menus-v1/push?location_id=${here.id}`, staff, []))
				.status
		).toBe(404);
	});
});
