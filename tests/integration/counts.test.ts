// Counts and their sync endpoints over HTTP: start, push (idempotent, rejected rows stored with
// a reason, conflicts), pull by {rev, id} with tombstones (closed counts, loss of scope), 426
// for old clients, the review (variance at counted_at, both values of two counters) and the
// approval through the ledger (level = counted + movements after counted_at).
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
let there: { id: string };
let manager: TestUser, staff: TestUser, staff2: TestUser, outsider: TestUser;
let storeId: string;
const items: { id: string; name: string }[] = [];

const call = caller(base);

const push = (who: TestUser, docs: unknown[], loc = here.id, coll = 'count_lines-v1') =>
	call(
		'POST',
		`/api/v1/sync/${coll}/push?location_id=${loc}`,
		who,
		docs.map((d) => ({ assumedMasterState: null, newDocumentState: d }))
	);

type Cp = { rev: number; id: string; lost?: boolean } | null;
async function pullAll(who: TestUser, coll: string, cp: Cp = null, loc = here.id) {
	const docs: Record<string, unknown>[] = [];
	for (;;) {
		const q = new URLSearchParams({ location_id: loc, limit: '7' });
		if (cp) {
			q.set('rev', String(cp.rev));
			q.set('id', cp.id);
			if (cp.lost) q.set('lost', '1');
		}
		const r = await call('GET', `/api/v1/sync/${coll}/pull?${q}`, who);
		expect(r.status).toBe(200);
		const page = await r.json();
		if (page.documents.length === 0) return { docs, cp: page.checkpoint as Cp };
		docs.push(...page.documents);
		cp = page.checkpoint;
	}
}

const line = (sessionId: string, itemId: string, quantity: unknown, over = {}) => ({
	id: randomUUID(),
	session_id: sessionId,
	item_id: itemId,
	quantity,
	counted_at: new Date().toISOString(),
	device_id: 'phone-a',
	...over
});

async function level(itemId: string): Promise<number> {
	const [l] =
		await sql`select quantity from stock_levels where store_id = ${storeId} and item_id = ${itemId}`;
	return l?.quantity ?? 0;
}

beforeAll(async () => {
	here = await createLocation(sql);
	there = await createLocation(sql);
	manager = await createUser(sql, 'manager', [here.id]);
	staff = await createUser(sql, 'staff', [here.id]);
	staff2 = await createUser(sql, 'staff', [here.id]);
	outsider = await createUser(sql, 'staff', [there.id]);
	const [s] =
		await sql`insert into stores (location_id, name, kind) values (${here.id}, 'Count walk-in', 'walk_in') returning id`;
	storeId = s.id;
	for (const [name, area, areaOrder, shelf] of [
		['Count: butter', 'Dairy', 2, 1],
		['Count: cream', 'Dairy', 2, 0],
		['Count: thighs', 'Meat', 1, 0]
	] as const) {
		const [i] =
			await sql`insert into items (sku, name, unit) values (${'CT-' + randomUUID()}, ${name}, 'kg') returning id, name`;
		items.push(i as { id: string; name: string });
		await sql`insert into store_item_places (store_id, item_id, area, area_order, shelf_order)
			values (${storeId}, ${i.id}, ${area}, ${areaOrder}, ${shelf})`;
	}
});

describe('count sessions', () => {
	let countId: string;

	it('a manager starts a count: the walk is areas in order, shelves in order; one open per store', async () => {
		expect((await call('POST', `/api/v1/stores/${storeId}/counts`, staff, {})).status).toBe(403);
		const id = randomUUID();
		const r = await call('POST', `/api/v1/stores/${storeId}/counts`, manager, { id });
		expect(r.status).toBe(201);
		const count = await r.json();
		expect(count).toMatchObject({ id, store_id: storeId, status: 'open', _deleted: false });
		const mine = count.items.filter((i: { name: string }) => i.name.startsWith('Count:'));
		expect(mine.map((i: { name: string; area: string }) => `${i.area}/${i.name}`)).toEqual([
			'Meat/Count: thighs',
			'Dairy/Count: cream',
			'Dairy/Count: butter'
		]);
		// The walk is the store's items (placed or stocked), not the whole catalog.
		expect(count.items).toEqual(mine);
		// A retry of the same start is the same count; another start is refused.
		const again = await call('POST', `/api/v1/stores/${storeId}/counts`, manager, { id });
		expect(again.status).toBe(200);
		const other = await call('POST', `/api/v1/stores/${storeId}/counts`, manager, {});
		expect(other.status).toBe(409);
		countId = id;
		const pulled = await pullAll(staff, 'count_sessions-v1');
		expect(pulled.docs.map((d) => d.id)).toContain(id);
	});

	it('push is idempotent: the same id and payload again is no conflict and writes once', async () => {
		const a = line(countId, items[0].id, 4);
		const b = line(countId, items[1].id, 0);
		const r1 = await push(staff, [a, b]);
		expect(r1.status).toBe(200);
		expect(await r1.json()).toEqual([]);
		// The retry (the answer was lost), and a batch holding the same line twice.
		expect(await (await push(staff, [a, b, a])).json()).toEqual([]);
		const [{ n }] =
			await sql`select count(*)::int as n from count_lines where id in ${sql([a.id, b.id])}`;
		expect(n).toBe(2);
		// Same id, another payload: a conflict, answered with the server's version.
		const changed = await (await push(staff, [{ ...a, quantity: 9 }])).json();
		expect(changed).toHaveLength(1);
		expect(changed[0]).toMatchObject({ id: a.id, quantity: 4, status: 'accepted' });
		const pulled = await pullAll(staff, 'count_lines-v1');
		const got = pulled.docs.filter((d) => d.id === a.id || d.id === b.id);
		expect(got).toHaveLength(2);
		expect(got.find((d) => d.id === b.id)).toMatchObject({
			quantity: 0,
			status: 'accepted',
			counter_id: staff.id,
			_deleted: false
		});
	});

	it('a well-formed but invalid line is stored as rejected with its reason (200, the queue moves on)', async () => {
		const bad = [
			line(countId, randomUUID(), 1),
			line(countId, items[0].id, -1),
			line(countId, items[0].id, 'seven'),
			line(countId, items[0].id, 1, { counted_at: 'yesterday' }),
			line(randomUUID(), items[0].id, 1),
			line(countId, items[0].id, 1, { device_id: undefined })
		];
		const good = line(countId, items[2].id, 12.5);
		const r = await push(staff, [...bad, good]);
		expect(r.status).toBe(200);
		expect(await r.json()).toEqual([]);
		const rows = await sql<{ id: string; status: string; reject_reason: string | null }[]>`
			select id, status, reject_reason from count_lines where id in ${sql([...bad, good].map((d) => d.id))}`;
		const by = new Map(rows.map((x) => [x.id, x]));
		expect(by.get(good.id)?.status).toBe('accepted');
		const reasons = bad.map((d) => by.get(d.id)?.reject_reason);
		expect(reasons).toEqual([
			'the item is not in the catalog',
			'quantity must be a number, zero or more',
			'quantity must be a number, zero or more',
			'counted_at must be an RFC 3339 time',
			'the count does not exist',
			'device_id must be 1–100 characters'
		]);
		// The phone sees them on its next pull, named.
		const pulled = await pullAll(staff, 'count_lines-v1');
		const rejected = pulled.docs.filter((d) => d.status === 'rejected');
		expect(rejected.map((d) => d.id).sort()).toEqual(bad.map((d) => d.id).sort());
		// Not well-formed (no UUID id) is the client's bug: 400.
		expect((await push(staff, [{ quantity: 1 }])).status).toBe(400);
		expect(
			(
				await call('POST', `/api/v1/sync/count_lines-v1/push?location_id=${here.id}`, staff, {
					a: 1
				})
			).status
		).toBe(400);
	});

	it('old clients get 426; unknown collections 404; pull-only collections refuse pushes', async () => {
		const old = await call('GET', `/api/v1/sync/count_lines-v0/pull?location_id=${here.id}`, staff);
		expect(old.status).toBe(426);
		expect(await old.text()).toMatch(/reload/);
		expect((await push(staff, [], here.id, 'count_lines-v0')).status).toBe(426);
		expect(
			(await call('GET', `/api/v1/sync/nope-v1/pull?location_id=${here.id}`, staff)).status
		).toBe(404);
		expect(
			(await call('GET', `/api/v1/sync/count_lines-v9/pull?location_id=${here.id}`, staff)).status
		).toBe(404);
		expect((await push(staff, [], here.id, 'count_sessions-v1')).status).toBe(404);
	});

	it('scope: another location is 403 on push; its pull is empty, or tombstones for what a client held', async () => {
		const l = line(countId, items[0].id, 1);
		expect((await push(outsider, [l])).status).toBe(403);
		const [{ n }] = await sql`select count(*)::int as n from count_lines where id = ${l.id}`;
		expect(n).toBe(0);
		expect((await pullAll(outsider, 'count_lines-v1')).docs).toEqual([]);
		// staff2 syncs, then loses the location: the next pulls delete everything it held.
		const held = await pullAll(staff2, 'count_lines-v1');
		expect(held.docs.length).toBeGreaterThan(0);
		await sql`delete from user_locations where user_id = ${staff2.id}`;
		const lost = await pullAll(staff2, 'count_lines-v1', held.cp);
		expect(lost.docs.map((d) => d.id).sort()).toEqual(held.docs.map((d) => d.id).sort());
		expect(lost.docs.every((d) => d._deleted === true && Object.keys(d).length === 2)).toBe(true);
		expect(lost.cp?.lost).toBe(true);
		// Back in scope: everything again, live.
		await sql`insert into user_locations (user_id, location_id) values (${staff2.id}, ${here.id})`;
		const back = await pullAll(staff2, 'count_lines-v1', lost.cp);
		expect(back.docs.length).toBe(held.docs.length);
		expect(back.docs.every((d) => d._deleted === false)).toBe(true);
	});

	it('review: variance against the level at counted_at, both values where two counters disagree', async () => {
		// Fresh count on a fresh store so the numbers are this test's only.
		const [s2] =
			await sql`insert into stores (location_id, name) values (${here.id}, ${'Review ' + randomUUID()}) returning id`;
		const [butter, cream, thighs] = items;
		const mv = (itemId: string, delta: number, at?: Date) =>
			sql.begin((tx) =>
				ledger.move(tx, null, { storeId: s2.id, itemId, delta, reason: 'receive', at })
			);
		const t0 = new Date(Date.now() - 60 * 60_000);
		await mv(butter.id, 10, new Date(t0.getTime() - 60_000));
		await mv(cream.id, 4, new Date(t0.getTime() - 60_000));
		// Thighs sit on a shelf there but were never stocked: in the walk all the same.
		await sql`insert into store_item_places (store_id, item_id, area) values (${s2.id}, ${thighs.id}, 'Meat')`;
		const start = await call('POST', `/api/v1/stores/${s2.id}/counts`, manager, {});
		expect(start.status).toBe(201);
		const count = await start.json();
		await sql`update count_sessions set started_at = ${new Date(t0.getTime() - 30_000)} where id = ${count.id}`;
		// Butter counted 8 at t0 by staff; 5 received after t0. Cream: staff says 4, staff2 says 3.
		// Thighs: an explicit zero (never stocked). Staff counts butter twice: the later one wins.
		const at = (ms: number) => new Date(t0.getTime() + ms).toISOString();
		await push(staff, [
			line(count.id, butter.id, 7, { counted_at: at(-10_000) }),
			line(count.id, butter.id, 8, { counted_at: at(0) }),
			line(count.id, cream.id, 4, { counted_at: at(1000) }),
			line(count.id, thighs.id, 0, { counted_at: at(2000) })
		]);
		const ben = line(count.id, cream.id, 3, { counted_at: at(3000), device_id: 'phone-b' });
		await push(staff2, [ben]);
		await mv(butter.id, 5);
		const rv = await call('GET', `/api/v1/counts/${count.id}/review`, staff);
		expect(rv.status).toBe(200);
		const review = await rv.json();
		const by = new Map(review.items.map((i: { item_id: string }) => [i.item_id, i]));
		expect(by.get(butter.id)).toMatchObject({
			state: 'agreed',
			current: 15,
			line: { quantity: 8, expected: 10, variance: -2 }
		});
		const c = by.get(cream.id) as {
			state: string;
			candidates: { quantity: number; counter_id: string }[];
		};
		expect(c.state).toBe('conflict');
		expect(c.candidates.map((x) => [x.counter_id, x.quantity]).sort()).toEqual(
			[
				[staff.id, 4],
				[staff2.id, 3]
			].sort()
		);
		expect(by.get(thighs.id)).toMatchObject({ state: 'agreed', line: { quantity: 0 } });
		expect(review.summary).toMatchObject({ conflicts: 1 });
		expect(review.items.map((i: { item_id: string }) => i.item_id)).toEqual([
			thighs.id,
			butter.id,
			cream.id
		]);
		// Out of scope: 404.
		expect((await call('GET', `/api/v1/counts/${count.id}/review`, outsider)).status).toBe(404);

		// Approval needs a choice for cream (409 names it); staff may not approve.
		expect((await call('POST', `/api/v1/counts/${count.id}/approve`, staff, {})).status).toBe(403);
		const undecided = await call('POST', `/api/v1/counts/${count.id}/approve`, manager, {});
		expect(undecided.status).toBe(409);
		expect(await undecided.text()).toContain(cream.name);
		const ok = await call('POST', `/api/v1/counts/${count.id}/approve`, manager, {
			choices: { [cream.id]: ben.id }
		});
		expect(ok.status).toBe(200);
		const approved = await ok.json();
		expect(approved.count.status).toBe('approved');
		// level = counted + movements after counted_at (8 + 5; 3; 0).
		const lvl = async (itemId: string) =>
			(
				await sql`select quantity from stock_levels where store_id = ${s2.id} and item_id = ${itemId}`
			)[0]?.quantity ?? 0;
		expect(await lvl(butter.id)).toBe(13);
		expect(await lvl(cream.id)).toBe(3);
		expect(await lvl(thighs.id)).toBe(0);
		const movements = await sql`
			select item_id, delta, reason, note from stock_movements
			where store_id = ${s2.id} and reason = 'count_correction' order by item_id`;
		expect(movements.map((m) => [m.item_id, m.delta]).sort()).toEqual(
			[
				[butter.id, -2],
				[cream.id, -1]
			].sort()
		);
		// The item's history names the count as a manager knows it: when it was started, on the
		// location's clock (not its id).
		const [{ timezone }] = await sql`select timezone from locations where id = ${here.id}`;
		const label = new Intl.DateTimeFormat('en-US', {
			timeZone: timezone,
			month: 'short',
			day: 'numeric',
			hour: '2-digit',
			minute: '2-digit',
			hourCycle: 'h23'
		}).format(new Date(t0.getTime() - 30_000));
		expect(label).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{2}:\d{2}$/);
		expect(movements.map((m) => m.note)).toEqual([
			`Count started ${label}`,
			`Count started ${label}`
		]);
		// The ledger still adds up, and a second approval is refused.
		for (const it of [butter, cream]) {
			const [{ s }] =
				await sql`select sum(delta) as s from stock_movements where store_id = ${s2.id} and item_id = ${it.id}`;
			expect(s).toBe(await lvl(it.id));
		}
		expect((await call('POST', `/api/v1/counts/${count.id}/approve`, manager, {})).status).toBe(
			409
		);
		// A line arriving after approval (a phone that was offline) is kept as rejected.
		const late = line(count.id, butter.id, 1);
		expect(await (await push(staff, [late])).json()).toEqual([]);
		const [row] = await sql`select status, reject_reason from count_lines where id = ${late.id}`;
		expect(row).toEqual({
			status: 'rejected',
			reject_reason: 'the count was approved before this line arrived'
		});
		void level;
	});

	it('an item found on a shelf outside the walk is counted: the walk gains it once, then review and approval', async () => {
		const [s3] =
			await sql`insert into stores (location_id, name) values (${here.id}, ${'Found ' + randomUUID()}) returning id`;
		const [butter, cream] = items;
		await sql`insert into store_item_places (store_id, item_id, area) values (${s3.id}, ${butter.id}, 'Dairy')`;
		const start = await call('POST', `/api/v1/stores/${s3.id}/counts`, manager, {});
		const count = await start.json();
		expect(count.items.map((i: { item_id: string }) => i.item_id)).toEqual([butter.id]);
		const { cp } = await pullAll(staff, 'count_sessions-v1');
		// Two phones find cream on the shelf; one of them counts it twice in one push.
		const a1 = line(count.id, cream.id, 2);
		const a2 = line(count.id, cream.id, 3, {
			counted_at: new Date(Date.now() + 1000).toISOString()
		});
		expect(await (await push(staff, [a1, a2])).json()).toEqual([]);
		const b = line(count.id, cream.id, 3, { device_id: 'phone-b' });
		expect(await (await push(staff2, [b])).json()).toEqual([]);
		const rows = await sql`select status from count_lines where id in ${sql([a1.id, a2.id, b.id])}`;
		expect(rows.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
		// Every phone pulls the walk with it, listed once, after the items the walk had.
		const pulled = await pullAll(staff2, 'count_sessions-v1', cp);
		const doc = pulled.docs.find((d) => d.id === count.id) as { items: unknown[] };
		expect(doc.items).toEqual([
			expect.objectContaining({ item_id: butter.id, area: 'Dairy' }),
			{
				item_id: cream.id,
				name: cream.name,
				unit: 'kg',
				area: 'Added during the count',
				shelf_order: 0
			}
		]);
		const [audit] = await sql`
			select after from audit_log where action = 'count.lines' and after->'added_items' ? ${count.id}
			order by id desc limit 1`;
		expect(audit.after.added_items[count.id]).toEqual([cream.id]);
		// The review shows it like any item (expected 0: never stocked here); approval stocks it.
		const review = await (await call('GET', `/api/v1/counts/${count.id}/review`, manager)).json();
		const found = review.items.find((i: { item_id: string }) => i.item_id === cream.id);
		expect(found).toMatchObject({
			state: 'agreed',
			line: { quantity: 3, expected: 0, variance: 3 }
		});
		expect(review.summary).toMatchObject({ items: 2, counted: 1 });
		const ok = await call('POST', `/api/v1/counts/${count.id}/approve`, manager, {});
		expect(ok.status).toBe(200);
		const [lvl] =
			await sql`select quantity from stock_levels where store_id = ${s3.id} and item_id = ${cream.id}`;
		expect(lvl.quantity).toBe(3);
		// A closed count's walk stays as it was approved.
		const late = line(count.id, items[2].id, 1);
		await push(staff, [late]);
		const [after] = await sql`select items from count_sessions where id = ${count.id}`;
		expect(after.items).toHaveLength(2);
	});

	it('a closed count leaves the phones: its session and lines come back as tombstones', async () => {
		const before = await pullAll(staff, 'count_lines-v1');
		const sessions = await pullAll(staff, 'count_sessions-v1');
		const l = line(countId, items[0].id, 2);
		await push(staff, [l]);
		const cancel = await call('POST', `/api/v1/counts/${countId}/cancel`, manager, {});
		expect(cancel.status).toBe(200);
		const after = await pullAll(staff, 'count_lines-v1', before.cp);
		const mine = after.docs.filter((d) => d.session_id === countId);
		expect(mine.length).toBeGreaterThan(1);
		expect(mine.every((d) => d._deleted === true)).toBe(true);
		const s = await pullAll(staff, 'count_sessions-v1', sessions.cp);
		expect(s.docs.find((d) => d.id === countId)).toMatchObject({
			status: 'cancelled',
			_deleted: true
		});
		// Nothing touched the ledger.
		expect(
			(await sql`select count(*)::int as n from stock_movements where store_id = ${storeId}`)[0].n
		).toBe(0);
	});
});

describe('a count started without signal', () => {
	let offlineStore: string;
	const ago = (min: number) => new Date(Date.now() - min * 60_000).toISOString();

	beforeAll(async () => {
		const [s] = await sql`insert into stores (location_id, name, kind)
			values (${here.id}, 'Offline walk-in', 'walk_in') returning id`;
		offlineStore = s.id;
		await sql`insert into store_item_places (store_id, item_id, area, area_order, shelf_order)
			values (${offlineStore}, ${items[0].id}, 'Dairy', 0, 0)`;
	});

	it('says when it began on the phone: lines counted since are accepted; bad times are 400', async () => {
		const start = (body: object) =>
			call('POST', `/api/v1/stores/${offlineStore}/counts`, manager, body);
		for (const bad of [
			{ started_at: 'yesterday' },
			{ started_at: new Date(Date.now() + 3_600_000).toISOString() },
			{ started_at: ago(8 * 24 * 60) },
			{ join_open: 'yes' }
		]) {
			const r = await start(bad);
			expect(r.status, JSON.stringify(bad)).toBe(400);
			expect(await r.text()).toMatch(/started_at|join_open/);
		}
		const id = randomUUID();
		const began = ago(45);
		const r = await start({ id, started_at: began });
		expect(r.status).toBe(201);
		const count = await r.json();
		expect(Date.parse(count.started_at)).toBe(Date.parse(began));
		// Counted 30 minutes ago, in the walk-in, before the phone had signal again.
		const l = line(id, items[0].id, 2, { counted_at: ago(30) });
		expect((await push(staff, [l])).status).toBe(200);
		const [row] = await sql`select status, reject_reason from count_lines where id = ${l.id}`;
		expect(row).toEqual({ status: 'accepted', reject_reason: null });
		expect((await call('POST', `/api/v1/counts/${id}/cancel`, manager)).status).toBe(200);
	});

	it('joins the count opened meanwhile (join_open), which then starts at the earlier start', async () => {
		const online = randomUUID();
		const opened = await call('POST', `/api/v1/stores/${offlineStore}/counts`, manager, {
			id: online
		});
		expect(opened.status).toBe(201);
		const { cp } = await pullAll(staff, 'count_sessions-v1');
		const offline = { id: randomUUID(), started_at: ago(40) };
		// Without join_open it is the 409 of any second start.
		expect(
			(await call('POST', `/api/v1/stores/${offlineStore}/counts`, manager, offline)).status
		).toBe(409);
		const r = await call('POST', `/api/v1/stores/${offlineStore}/counts`, manager, {
			...offline,
			join_open: true
		});
		expect(r.status).toBe(200);
		const joined = await r.json();
		expect(joined).toMatchObject({ id: online, status: 'open' });
		expect(Date.parse(joined.started_at)).toBe(Date.parse(offline.started_at));
		// The phones holding the count pull its new start.
		const again = await pullAll(staff, 'count_sessions-v1', cp);
		expect(again.docs.find((d) => d.id === online)?.started_at).toBe(joined.started_at);
		// The offline phone's line, moved to the joined count, is accepted.
		const l = line(online, items[0].id, 1.5, { counted_at: ago(35) });
		expect((await push(manager, [l])).status).toBe(200);
		const [row] = await sql`select status from count_lines where id = ${l.id}`;
		expect(row.status).toBe('accepted');
		// Nothing was created under the offline id; the join is audited.
		expect(await sql`select 1 from count_sessions where id = ${offline.id}`).toHaveLength(0);
		const [audit] = await sql`select after from audit_log
			where action = 'count.join' and entity_id = ${online}`;
		expect(audit.after).toMatchObject({ joined_from: offline.id });
		expect((await call('POST', `/api/v1/counts/${online}/cancel`, manager)).status).toBe(200);
	});
});
