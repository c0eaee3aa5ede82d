import http from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { read } from '../../src/lib/server/events/outbox';
import { createLocation, createUser, type TestUser } from '../support/auth';
import { postWebhook, saavorEvent, SAAVOR_TEST_SECRET } from '../support/saavor';
import { startWeb, type Proc } from '../support/server';

const base = inject('baseUrl');
const databaseUrl = inject('databaseUrl');
const sql = connect(databaseUrl, { max: 4 });
afterAll(() => sql.end());

let loc: { id: string; slug: string };
let cook: TestUser;
let admin: TestUser;
beforeAll(async () => {
	loc = await createLocation(sql);
	cook = await createUser(sql, 'staff', [loc.id]);
	admin = await createUser(sql, 'admin');
});

const count = async (q: string) => (await sql.unsafe(q))[0].n as number;

describe('Saavor webhook', () => {
	it('a valid signature projects the order onto the kitchen and emits order:created', async () => {
		const ev = saavorEvent(loc.slug);
		const r = await postWebhook(base, JSON.stringify(ev));
		expect(r.status).toBe(200);
		const body = await r.json();
		expect(body).toMatchObject({ received: true, duplicate: false });
		const list = await (
			await fetch(`${base}/api/v1/locations/${loc.id}/orders`, { headers: cook.headers })
		).json();
		const o = list.orders.find((x: { external_id: string }) => x.external_id === ev.order.id);
		expect(o).toMatchObject({
			source: 'saavor',
			prep_state: 'queued',
			lines: [{ name: 'Lomo saltado', quantity: 2 }]
		});
		const events = await read(sql, `kitchen:${loc.id}`, 0, 10_000);
		expect(
			events.some(
				(e) => e.type === 'order:created' && (e.payload as { orderId: string }).orderId === o.id
			)
		).toBe(true);
	});

	it('invalid, missing and wrong-length signatures: 401 and nothing written', async () => {
		const before = await count('select count(*)::int as n from saavor_payloads');
		const orders = await count('select count(*)::int as n from orders');
		const body = JSON.stringify(saavorEvent(loc.slug));
		for (const sig of [
			null,
			'',
			'sha256=' + '0'.repeat(64),
			'sha256=abcd',
			'sha256=' + 'f'.repeat(66),
			'garbage'
		]) {
			const r = await postWebhook(base, body, sig);
			expect(r.status, String(sig)).toBe(401);
		}
		// Signed with another secret.
		const { sign } = await import('../../src/lib/server/kitchen/signature');
		expect((await postWebhook(base, body, sign(body, SAAVOR_TEST_SECRET + 'x'))).status).toBe(401);
		expect(await count('select count(*)::int as n from saavor_payloads')).toBe(before);
		expect(await count('select count(*)::int as n from orders')).toBe(orders);
	});

	it('a replayed event id is 200 with nothing new; 20 concurrent duplicates make one order', async () => {
		const ev = saavorEvent(loc.slug);
		const body = JSON.stringify(ev);
		const results = await Promise.all(Array.from({ length: 20 }, () => postWebhook(base, body)));
		expect(results.every((r) => r.status === 200)).toBe(true);
		const bodies = await Promise.all(results.map((r) => r.json()));
		expect(bodies.filter((b) => !b.duplicate)).toHaveLength(1);
		expect(
			await count(`select count(*)::int as n from orders where external_id = '${ev.order.id}'`)
		).toBe(1);
		expect(
			await count(`select count(*)::int as n from saavor_payloads where event_id = '${ev.id}'`)
		).toBe(1);
		const replay = await postWebhook(base, body);
		expect(await replay.json()).toMatchObject({ duplicate: true });
		// Same Saavor order under a new event id: still one order.
		const again = await postWebhook(base, JSON.stringify({ ...ev, id: ev.id + '-b' }));
		expect(again.status).toBe(200);
		expect(
			await count(`select count(*)::int as n from orders where external_id = '${ev.order.id}'`)
		).toBe(1);
	});

	it('a malformed payload is 400 and kept for debugging; admins can read payloads', async () => {
		const r = await postWebhook(base, '{"id":"evt_bad","type":"order.created","order":{"id":1}}');
		expect(r.status).toBe(400);
		expect(await r.text()).toMatch(/Malformed Saavor payload: .*order/);
		const notJson = await postWebhook(base, 'not json');
		expect(notJson.status).toBe(400);
		const list = await (
			await fetch(`${base}/api/v1/saavor/payloads`, { headers: admin.headers })
		).json();
		const bad = list.find(
			(p: { status: string; error: string }) => p.status === 'invalid' && /JSON/.test(p.error)
		);
		expect(bad).toBeTruthy();
		const one = await (
			await fetch(`${base}/api/v1/saavor/payloads/${bad.id}`, { headers: admin.headers })
		).json();
		expect(one.raw).toBe('not json');
		expect((await fetch(`${base}/api/v1/saavor/payloads`, { headers: cook.headers })).status).toBe(
			403
		);
	});

	it('cancellation removes the ticket from the board', async () => {
		const ev = saavorEvent(loc.slug);
		await postWebhook(base, JSON.stringify(ev));
		await postWebhook(base, JSON.stringify({ ...ev, id: ev.id + '-c', type: 'order.cancelled' }));
		const list = await (
			await fetch(`${base}/api/v1/locations/${loc.id}/orders`, { headers: cook.headers })
		).json();
		expect(list.orders.some((o: { external_id: string }) => o.external_id === ev.order.id)).toBe(
			false
		);
	});
});

describe('prep state transitions', () => {
	async function newOrder() {
		const ev = saavorEvent(loc.slug);
		return (await (await postWebhook(base, JSON.stringify(ev))).json()).order_id as string;
	}
	const move = (id: string, to: string, who: TestUser = cook, from?: string) =>
		fetch(`${base}/api/v1/locations/${loc.id}/orders/${id}/transition`, {
			method: 'POST',
			headers: { ...who.headers, 'content-type': 'application/json' },
			body: JSON.stringify({ to, ...(from ? { from } : {}) })
		});

	it('queued → preparing → ready, one step back allowed, skips refused with 409', async () => {
		const id = await newOrder();
		expect((await move(id, 'ready')).status).toBe(409);
		expect((await move(id, 'preparing')).status).toBe(200);
		expect((await move(id, 'queued')).status).toBe(200);
		expect((await move(id, 'preparing')).status).toBe(200);
		const r = await move(id, 'ready');
		expect(r.status).toBe(200);
		expect((await r.json()).prep_state).toBe('ready');
		expect((await move(id, 'queued')).status).toBe(409);
		expect((await move(id, 'done')).status).toBe(400);
		const [q] = await sql`select count(*)::int as n from saavor_outbound where order_id = ${id}`;
		expect(q.n).toBe(1);
	});

	it('concurrent taps: exactly one wins', async () => {
		const id = await newOrder();
		const results = await Promise.all(
			Array.from({ length: 10 }, () => move(id, 'preparing', cook, 'queued'))
		);
		expect(results.map((r) => r.status).sort()).toEqual([200, ...Array(9).fill(409)]);
		const events = await read(sql, `kitchen:${loc.id}`, 0, 10_000);
		const updates = events.filter(
			(e) => e.type === 'order:updated' && (e.payload as { orderId: string }).orderId === id
		);
		expect(updates).toHaveLength(1);
	});

	// Handing off is display state (served_at), not a prep state: only a ready ticket can be
	// handed off, once; a recall puts it back; sending it back to the line clears it too.
	it('hand-off: ready only, once, audited and evented; recall and re-cook clear it', async () => {
		const serve = (id: string, served: boolean) =>
			fetch(`${base}/api/v1/locations/${loc.id}/orders/${id}/serve`, {
				method: 'POST',
				headers: { ...cook.headers, 'content-type': 'application/json' },
				body: JSON.stringify({ served })
			});
		const id = await newOrder();
		const early = await serve(id, true);
		expect(early.status).toBe(409);
		expect(await early.text()).toMatch(/only a ready order can be handed off/);
		await move(id, 'preparing');
		await move(id, 'ready');
		expect((await serve(id, false)).status).toBe(409);
		const done = await serve(id, true);
		expect(done.status).toBe(200);
		const o = await done.json();
		expect(o.prep_state).toBe('ready');
		expect(Date.parse(o.served_at)).toBeGreaterThan(Date.now() - 60_000);
		// A second screen's tap on the same ticket is reported, not applied twice.
		const again = await serve(id, true);
		expect(again.status).toBe(409);
		expect(await again.text()).toMatch(/already handed off/);
		const [a] =
			await sql`select count(*)::int as n from audit_log where entity_id = ${id} and action = 'serve'`;
		expect(a.n).toBe(1);
		const events = await read(sql, `kitchen:${loc.id}`, 0, 10_000);
		const last = events.filter((e) => (e.payload as { orderId: string }).orderId === id).at(-1)!;
		expect(last.type).toBe('order:updated');
		expect((last.payload as { order: { served_at: string } }).order.served_at).toBe(o.served_at);

		const back = await serve(id, false);
		expect(back.status).toBe(200);
		expect((await back.json()).served_at).toBeNull();
		expect((await serve(id, true)).status).toBe(200);
		const recooked = await move(id, 'preparing');
		expect((await recooked.json()).served_at).toBeNull();
		expect((await serve(id, true)).status).toBe(409);
		expect(
			(
				await fetch(`${base}/api/v1/locations/${loc.id}/orders/${id}/serve`, {
					method: 'POST',
					headers: { ...cook.headers, 'content-type': 'application/json' },
					body: JSON.stringify({ served: 'yes' })
				})
			).status
		).toBe(400);
	});

	it('out-of-scope cooks cannot touch the board', async () => {
		const id = await newOrder();
		const stranger = await createUser(sql, 'staff', [(await createLocation(sql)).id]);
		expect((await move(id, 'preparing', stranger)).status).toBe(403);
		const list = await (
			await fetch(`${base}/api/v1/locations/${loc.id}/orders`, { headers: stranger.headers })
		).json();
		expect(list.orders).toEqual([]);
	});
});

describe('outbound "ready for handoff"', () => {
	it('is retried with backoff and survives a restart of the web server, delivered once', async () => {
		let attempts = 0;
		const delivered: string[] = [];
		const receiver = http.createServer((req, res) => {
			let body = '';
			req.on('data', (d) => (body += d));
			req.on('end', () => {
				attempts++;
				if (attempts <= 2) {
					res.writeHead(503).end('try later');
					return;
				}
				delivered.push(body);
				res.writeHead(200).end('ok');
			});
		});
		await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
		const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/prepared`;
		const env = {
			SAAVOR_WEBHOOK_SECRET: SAAVOR_TEST_SECRET,
			SAAVOR_OUTBOUND_URL: url,
			SAAVOR_OUTBOUND_POLL_MS: '100'
		};
		// Only this test's call should reach the receiver (earlier tests queued others).
		await sql`update saavor_outbound set status = 'failed' where status = 'pending'`;
		let web: Proc | undefined = await startWeb(databaseUrl, env);
		try {
			const ev = saavorEvent(loc.slug);
			const created = await (await postWebhook(web.url, JSON.stringify(ev))).json();
			// Only a ready order is handed off (409 otherwise): the kitchen finishes it first.
			for (const to of ['preparing', 'ready']) {
				const t = await fetch(
					`${web.url}/api/v1/locations/${loc.id}/orders/${created.order_id}/transition`,
					{
						method: 'POST',
						headers: { ...cook.headers, 'content-type': 'application/json' },
						body: JSON.stringify({ to })
					}
				);
				expect(t.status).toBe(200);
			}
			const r = await fetch(`${web.url}/api/v1/saavor/orders/prepared`, {
				method: 'POST',
				headers: { ...cook.headers, 'content-type': 'application/json' },
				body: JSON.stringify({ orderId: created.order_id })
			});
			expect(r.status).toBe(202);
			// First attempt fails; then the server goes away with the call still owed.
			for (let i = 0; i < 100 && attempts < 1; i++) await new Promise((x) => setTimeout(x, 50));
			expect(attempts).toBeGreaterThanOrEqual(1);
			await web.stop();
			web = undefined;
			const [row] =
				await sql`select status, attempts from saavor_outbound where order_id = ${created.order_id}`;
			expect(row.status).toBe('pending');

			web = await startWeb(databaseUrl, env);
			for (let i = 0; i < 300 && delivered.length === 0; i++)
				await new Promise((x) => setTimeout(x, 50));
			expect(delivered).toHaveLength(1);
			const payload = JSON.parse(delivered[0]);
			expect(payload).toMatchObject({ type: 'order.prepared', order_id: ev.order.id });
			// The receiver records the body before its 200 reaches the server, which then marks
			// the call delivered: wait for that commit rather than race it.
			let done: Record<string, unknown> | undefined;
			for (let i = 0; i < 100; i++) {
				[done] =
					await sql`select status, attempts from saavor_outbound where order_id = ${created.order_id}`;
				if (done?.status !== 'pending') break;
				await new Promise((x) => setTimeout(x, 50));
			}
			expect(done).toEqual({ status: 'delivered', attempts: 3 });
			await new Promise((x) => setTimeout(x, 500));
			expect(delivered).toHaveLength(1);
		} finally {
			await web?.stop();
			receiver.close();
		}
	}, 60_000);
});
