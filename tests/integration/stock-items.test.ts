// The stock_buckets sync collection over HTTP (issue 12): pull-only buckets of a location's
// items, derived by the server. Every writer stamps an item's rev in its own transaction (a
// movement, a par, the item itself, a new location) and the item's bucket comes back whole
// after the checkpoint; a deleted item leaves its bucket; loss of scope sends tombstones; the
// items agree with the store inventory read.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { createLocation, createUser, type TestUser } from '../support/auth';
import { caller } from '../support/api';

const base = inject('baseUrl');
const sql = connect(inject('databaseUrl'), { max: 4 });
afterAll(() => sql.end());

const PULL = '/api/v1/sync/stock_buckets-v1/pull';

let here: { id: string };
let there: { id: string };
let admin: TestUser, manager: TestUser, staff: TestUser;
let walkIn: string, dry: string;

const call = caller(base);

type Cp = { rev: number; id: string; lost?: boolean } | null;
interface Item {
	item_id: string;
	name: string;
	unit: string;
	levels: { store_id: string; quantity: number; updated_at: string }[];
	location_quantity: number;
	par_level: number | null;
	reorder_point: number | null;
	low: boolean;
}
interface Bucket {
	id: string;
	location_id: string;
	bucket: number;
	items: Item[];
	_deleted: boolean;
}

/**
 * Every page after `cp` (small pages, so paging is exercised): the buckets as a replicating
 * client would hold them (a later version replaces an earlier one), their items by id, and the
 * first page's total.
 */
async function pullAll(who: TestUser, loc: string, cp: Cp = null, limit = 3) {
	const buckets = new Map<string, Bucket>();
	let total: number | undefined;
	for (let first = true; ; first = false) {
		const q = new URLSearchParams({ location_id: loc, limit: String(limit) });
		if (cp) {
			q.set('rev', String(cp.rev));
			q.set('id', cp.id);
			if (cp.lost) q.set('lost', '1');
		}
		const r = await call('GET', `${PULL}?${q}`, who);
		expect(r.status).toBe(200);
		const page = await r.json();
		if (first) total = page.total;
		if (page.documents.length === 0) {
			const items = new Map<string, Item>();
			for (const b of buckets.values()) for (const it of b.items ?? []) items.set(it.item_id, it);
			return { buckets, items, cp: page.checkpoint as Cp, total };
		}
		for (const d of page.documents as Bucket[]) buckets.set(d.id, d);
		cp = page.checkpoint;
	}
}

/** The bucket holding an item, among pulled buckets. */
const bucketOf = (buckets: Map<string, Bucket>, itemId: string) =>
	[...buckets.values()].find((b) => b.items.some((i) => i.item_id === itemId));

const catalog = async () => (await sql<{ id: string }[]>`select id from items`).map((r) => r.id);
const made = new Set<string>();
const deleted = new Set<string>();

async function mkItem(name: string) {
	const r = await call('POST', '/api/v1/items', admin, {
		sku: `SI-${randomUUID().slice(0, 8)}`,
		name,
		unit: 'kg'
	});
	expect(r.status).toBe(201);
	const item = (await r.json()) as { id: string; sku: string };
	made.add(item.id);
	return item;
}

beforeAll(async () => {
	here = await createLocation(sql);
	there = await createLocation(sql);
	admin = await createUser(sql, 'admin');
	manager = await createUser(sql, 'manager', [here.id]);
	staff = await createUser(sql, 'staff', [here.id]);
	const mk = async (loc: string, name: string) =>
		(
			await sql`insert into stores (location_id, name, kind) values (${loc}, ${name}, 'walk_in') returning id`
		)[0].id as string;
	walkIn = await mk(here.id, 'Walk-in');
	dry = await mk(here.id, 'Dry store');
});

describe('stock_buckets pull', () => {
	it('a first pull holds every item of the catalog with its levels; the total says how many', async () => {
		const a = await mkItem('Lomo fino');
		const b = await mkItem('Papa amarilla');
		await call('PUT', `/api/v1/stores/${walkIn}/items/${a.id}`, manager, {
			quantity: 12.5,
			reason: 'receive'
		});
		await call('PUT', `/api/v1/stores/${dry}/items/${a.id}`, manager, {
			quantity: 2.25,
			reason: 'receive'
		});
		// Other test files write the catalog at the same time: what existed before the pull is there.
		const before = await catalog();
		const { buckets, items: held, total } = await pullAll(staff, here.id);
		for (const id of before) expect(held.has(id)).toBe(true);
		expect(total).toBe(buckets.size);
		expect(buckets.size).toBeLessThanOrEqual(64);
		const da = held.get(a.id)!;
		expect(da).toMatchObject({ item_id: a.id, unit: 'kg' });
		expect(bucketOf(buckets, a.id)).toMatchObject({ location_id: here.id, _deleted: false });
		expect(da.location_quantity).toBe(14.75);
		expect(Object.fromEntries(da.levels.map((l) => [l.store_id, l.quantity]))).toEqual({
			[walkIn]: 12.5,
			[dry]: 2.25
		});
		expect(held.get(b.id)).toMatchObject({ levels: [], location_quantity: 0 });
	});

	it("a movement, a par, a rename and a delete each bring back the item's bucket only", async () => {
		const a = await mkItem('Aji amarillo');
		const b = await mkItem('Cebolla roja');
		const start = await pullAll(staff, here.id);
		expect(start.items.has(a.id)).toBe(true);
		const only = (got: { buckets: Map<string, Bucket> }, itemId: string) => {
			const bucket = bucketOf(start.buckets, itemId)!.id;
			expect([...got.buckets.keys()]).toEqual([bucket]);
		};

		const adj = await call('POST', `/api/v1/items/${a.id}/stores/${walkIn}/adjust`, staff, {
			delta: 3
		});
		expect(adj.status).toBe(201);
		let next = await pullAll(staff, here.id, start.cp);
		only(next, a.id);
		expect(next.items.get(a.id)).toMatchObject({ location_quantity: 3, low: false });
		expect(next.total).toBeUndefined();

		const par = await call('PUT', `/api/v1/locations/${here.id}/items/${a.id}/par`, manager, {
			par_level: 10
		});
		expect(par.status).toBe(200);
		next = await pullAll(staff, here.id, next.cp);
		only(next, a.id);
		expect(next.items.get(a.id)).toMatchObject({ par_level: 10, low: true });

		// The catalog is install-wide: a rename reaches every location's bucket of the item.
		const farBefore = await pullAll(admin, there.id);
		const put = await call('PUT', `/api/v1/items/${a.id}`, admin, { name: 'Ají amarillo' });
		expect(put.status).toBe(200);
		next = await pullAll(staff, here.id, next.cp);
		only(next, a.id);
		expect(next.items.get(a.id)!.name).toBe('Ají amarillo');
		const far = await pullAll(admin, there.id, farBefore.cp);
		expect([...far.buckets.keys()]).toEqual([bucketOf(farBefore.buckets, a.id)!.id]);
		expect(far.items.get(a.id)!.name).toBe('Ají amarillo');

		const del = await call('DELETE', `/api/v1/items/${b.id}`, admin);
		expect(del.status).toBe(204);
		deleted.add(b.id);
		next = await pullAll(staff, here.id, next.cp);
		only(next, b.id);
		expect(next.items.has(b.id)).toBe(false);
		// Nothing else changed: the same checkpoint pulls nothing.
		expect((await pullAll(staff, here.id, next.cp)).buckets.size).toBe(0);
	});

	it('the items agree with the store inventory read', async () => {
		const a = await mkItem('Limón');
		await call('PUT', `/api/v1/stores/${walkIn}/items/${a.id}`, manager, {
			quantity: 4,
			reason: 'receive'
		});
		await call('PUT', `/api/v1/locations/${here.id}/items/${a.id}/par`, manager, {
			par_level: 6,
			reorder_point: 5
		});
		const inv = (await (await call('GET', `/api/v1/stores/${walkIn}/inventory`, staff)).json())
			.items as {
			item_id: string;
			quantity: number;
			location_quantity: number;
			par_level: number | null;
			reorder_point: number | null;
			low: boolean;
		}[];
		const held = (await pullAll(staff, here.id, null, 64)).items;
		// This file's items (other files change theirs meanwhile).
		const mine = inv.filter((l) => made.has(l.item_id));
		expect(mine.length).toBe(made.size - deleted.size);
		for (const line of mine) {
			const d = held.get(line.item_id)!;
			expect({
				quantity: d.levels.find((l) => l.store_id === walkIn)?.quantity ?? 0,
				location_quantity: d.location_quantity,
				par_level: d.par_level,
				reorder_point: d.reorder_point,
				low: d.low
			}).toEqual({
				quantity: line.quantity,
				location_quantity: line.location_quantity,
				par_level: line.par_level,
				reorder_point: line.reorder_point,
				low: line.low
			});
		}
	});

	it('a new location holds the whole catalog on its first pull', async () => {
		await mkItem('Culantro');
		const r = await call('POST', '/api/v1/locations', admin, {
			slug: `si-${randomUUID().slice(0, 6)}`,
			name: 'New place',
			timezone: 'America/Lima'
		});
		expect(r.status).toBe(201);
		const loc = (await r.json()) as { id: string };
		const before = await catalog();
		const { buckets, items, total } = await pullAll(admin, loc.id, null, 64);
		for (const id of before) expect(items.has(id)).toBe(true);
		expect(total).toBe(buckets.size);
	});

	it('out of scope: nothing without a checkpoint; tombstones of everything held with one', async () => {
		await mkItem('Choclo');
		const outsider = await createUser(sql, 'staff', [there.id]);
		expect((await pullAll(outsider, here.id)).buckets.size).toBe(0);
		// Held while in scope, then the scope is lost: every bucket comes back deleted.
		const held = await pullAll(staff, here.id);
		const cp = held.cp!;
		await sql`delete from user_locations where user_id = ${staff.id}`;
		try {
			const gone = await pullAll(staff, here.id, cp, 64);
			for (const id of held.buckets.keys()) expect(gone.buckets.has(id)).toBe(true);
			expect(
				[...gone.buckets.values()].every((d) => d._deleted && Object.keys(d).length === 2)
			).toBe(true);
			expect((await pullAll(staff, here.id, cp, 64)).cp?.lost).toBe(true);
		} finally {
			await sql`insert into user_locations (user_id, location_id) values (${staff.id}, ${here.id})`;
		}
	});

	it('item writes beside multi-item stock writes neither deadlock nor lose a rev', async () => {
		const list = await Promise.all([1, 2, 3, 4].map((k) => mkItem(`Mix ${k}`)));
		const start = await pullAll(staff, here.id);
		const writes = list.flatMap((it, k) => [
			call('POST', `/api/v1/items/${it.id}/stores/${walkIn}/adjust`, staff, { delta: k + 1 }),
			call('PUT', `/api/v1/items/${it.id}`, admin, { name: `Mix ${k} renamed` }),
			call('PUT', `/api/v1/locations/${here.id}/items/${it.id}/par`, manager, { par_level: 100 })
		]);
		const statuses = (await Promise.all(writes)).map((r) => r.status);
		expect(statuses).toEqual(list.flatMap(() => [201, 200, 200]));
		const after = (await pullAll(staff, here.id, start.cp)).items;
		for (const [k, it] of list.entries()) {
			expect(after.get(it.id)).toMatchObject({
				name: `Mix ${k} renamed`,
				location_quantity: k + 1,
				par_level: 100,
				low: true
			});
		}
	});
});
