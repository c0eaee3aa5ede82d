// Kitchen taps queued offline and pushed on reconnect (`kitchen_actions-v1/push`, issue 12):
// applied in order, once; a tap another screen already made is reported, not applied twice.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { createLocation, createUser, type TestUser } from '../support/auth';
import { postWebhook, saavorEvent } from '../support/saavor';

const base = inject('baseUrl');
const sql = connect(inject('databaseUrl'), { max: 4 });
afterAll(() => sql.end());

let loc: { id: string; slug: string };
let cook: TestUser;
let other: TestUser;
beforeAll(async () => {
	loc = await createLocation(sql);
	cook = await createUser(sql, 'staff', [loc.id]);
	other = await createUser(sql, 'staff', [(await createLocation(sql)).id]);
});

async function newOrder(): Promise<string> {
	const ev = saavorEvent(loc.slug);
	expect((await postWebhook(base, JSON.stringify(ev))).status).toBe(200);
	const [o] = await sql`select id from orders where external_id = ${ev.order.id}`;
	return o.id;
}

const tap = (
	orderId: string,
	kind: 'transition' | 'serve' | 'unserve',
	from: string | null = null,
	to: string | null = null
) => ({
	id: randomUUID(),
	order_id: orderId,
	kind,
	from,
	to,
	made_at: new Date().toISOString(),
	device_id: 'kds-1'
});

async function push(docs: object[], user = cook, location = loc.id) {
	const r = await fetch(`${base}/api/v1/sync/kitchen_actions-v1/push?location_id=${location}`, {
		method: 'POST',
		headers: { ...user.headers, 'content-type': 'application/json' },
		body: JSON.stringify(docs.map((d) => ({ newDocumentState: d })))
	});
	// /api/v1 errors are plain text.
	return { status: r.status, body: r.ok ? await r.json() : await r.text() };
}

const state = async (id: string) =>
	(await sql`select prep_state, served_at from orders where id = ${id}`)[0];
const transitions = async (id: string) =>
	(
		await sql`select count(*)::int as n from audit_log
			where entity_id = ${id} and action in ('transition', 'serve', 'unserve')`
	)[0].n as number;

describe('kitchen taps queued offline', () => {
	it('applies a queue in order: queued → preparing → ready → handed off', async () => {
		const o = await newOrder();
		const r = await push([
			tap(o, 'transition', 'queued', 'preparing'),
			tap(o, 'transition', 'preparing', 'ready'),
			tap(o, 'serve')
		]);
		expect(r.status).toBe(200);
		expect(r.body.map((x: { outcome: string }) => x.outcome)).toEqual([
			'applied',
			'applied',
			'applied'
		]);
		const s = await state(o);
		expect(s.prep_state).toBe('ready');
		expect(s.served_at).not.toBeNull();
		expect(await transitions(o)).toBe(3);
	});

	it('a replayed push (its answer was lost) answers the same and changes nothing', async () => {
		const o = await newOrder();
		const docs = [tap(o, 'transition', 'queued', 'preparing')];
		const first = await push(docs);
		const again = await push(docs);
		expect(again.body).toEqual(first.body);
		expect(first.body[0].outcome).toBe('applied');
		expect(await transitions(o)).toBe(1);
	});

	it('the same tap pushed twice at once is applied once', async () => {
		const o = await newOrder();
		const docs = [tap(o, 'transition', 'queued', 'preparing')];
		const [a, b] = await Promise.all([push(docs), push(docs)]);
		expect([a.body[0].outcome, b.body[0].outcome]).toEqual(['applied', 'applied']);
		expect(await transitions(o)).toBe(1);
		expect((await state(o)).prep_state).toBe('preparing');
	});

	it('a bump another screen already made is reported as already, not applied twice', async () => {
		const o = await newOrder();
		// The other screen, online, moved it while this one was offline.
		const live = await fetch(`${base}/api/v1/locations/${loc.id}/orders/${o}/transition`, {
			method: 'POST',
			headers: { ...cook.headers, 'content-type': 'application/json' },
			body: JSON.stringify({ from: 'queued', to: 'preparing' })
		});
		expect(live.status).toBe(200);
		const r = await push([tap(o, 'transition', 'queued', 'preparing')]);
		expect(r.body[0]).toMatchObject({ order_id: o, outcome: 'already' });
		expect(await transitions(o)).toBe(1);
	});

	it('a ticket that moved on is a conflict; a gone order and a malformed tap are rejected; the queue goes on', async () => {
		const o = await newOrder();
		await push([tap(o, 'transition', 'queued', 'preparing')]);
		const bad = { id: randomUUID(), order_id: o, kind: 'transition', from: 'ready' };
		const r = await push([
			tap(o, 'transition', 'queued', 'ready'),
			tap(randomUUID(), 'serve'),
			bad,
			tap(o, 'transition', 'preparing', 'ready')
		]);
		expect(r.status).toBe(200);
		expect(r.body.map((x: { outcome: string }) => x.outcome)).toEqual([
			'conflict',
			'rejected',
			'rejected',
			'applied'
		]);
		expect(r.body[0].message).toMatch(/preparing/);
		expect(r.body[1].message).toBe('Order not found');
		expect(r.body[2].message).toMatch(/to|made_at/);
		expect((await state(o)).prep_state).toBe('ready');
	});

	it('the same id with another payload is refused, and the first one stands', async () => {
		const o = await newOrder();
		const t = tap(o, 'transition', 'queued', 'preparing');
		await push([t]);
		const r = await push([{ ...t, to: 'ready', from: 'preparing' }]);
		expect(r.body[0]).toMatchObject({ outcome: 'rejected' });
		expect((await state(o)).prep_state).toBe('preparing');
	});

	it('another location: 403 and nothing written; pull is 404 (push-only)', async () => {
		const o = await newOrder();
		const t = tap(o, 'transition', 'queued', 'preparing');
		expect((await push([t], other, loc.id)).status).toBe(403);
		expect((await sql`select 1 from kitchen_actions where id = ${t.id}`).length).toBe(0);
		const pull = await fetch(`${base}/api/v1/sync/kitchen_actions-v1/pull?location_id=${loc.id}`, {
			headers: cook.headers
		});
		expect(pull.status).toBe(404);
	});
});
