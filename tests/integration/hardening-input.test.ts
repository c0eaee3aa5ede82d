// Issue 10, bad input and errors: NUL and control characters, bodies over the limit, malformed
// URLs and the order hand-off state. Answers are 4xx in the path's error convention, nothing is
// written, and the server logs no stack trace for any of it. One private web server, so its log
// can be read.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { createLocation, createUser, type TestUser } from '../support/auth';
import { postWebhook, saavorEvent, SAAVOR_TEST_SECRET } from '../support/saavor';
import { startWeb, type Proc } from '../support/server';

const databaseUrl = inject('databaseUrl');
const sql = connect(databaseUrl, { max: 2 });
let web: Proc;
let admin: TestUser;
let cook: TestUser;
let loc: { id: string; slug: string };
let cust: (rest: string) => string;

beforeAll(async () => {
	web = await startWeb(databaseUrl, {
		PREPTABLE_EMBEDDED: inject('dbKind') === 'pglite' ? '1' : '0',
		SAAVOR_WEBHOOK_SECRET: SAAVOR_TEST_SECRET
	});
	loc = await createLocation(sql);
	await sql`insert into dining_tables (location_id, number, code) values (${loc.id}, 1, ${loc.slug + '-1'})`;
	cust = (rest) => `/api/customer/${loc.slug}/${loc.slug}-1${rest}`;
	admin = await createUser(sql, 'admin');
	cook = await createUser(sql, 'staff', [loc.id]);
});
afterAll(async () => {
	await web?.stop();
	await sql.end();
});

/** Lines that look like a stack frame ("    at fn (file:line:col)"). */
const stackLines = (log: string) => log.split('\n').filter((l) => /^\s+at\s/.test(l));

async function counts() {
	const [r] = await sql`select
		(select count(*) from stores)::int as stores,
		(select count(*) from table_sessions)::int as sessions,
		(select count(*) from saavor_payloads)::int as payloads,
		(select count(*) from orders)::int as orders,
		(select count(*) from saavor_outbound)::int as outbound`;
	return r as Record<string, number>;
}

function post(path: string, body: string, headers: Record<string, string> = {}) {
	return fetch(web.url + path, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body
	});
}

describe('NUL and control characters (item 1)', () => {
	it('a NUL in a saved text field is 400 naming the field, nothing written, no stack', async () => {
		const logBefore = web.output().length;
		const before = await counts();
		const v1 = await post(
			'/api/v1/stores',
			JSON.stringify({ location_id: loc.id, name: 'Walk\u0000in' }),
			admin.headers
		);
		expect(v1.status).toBe(400);
		expect(v1.headers.get('content-type')).toMatch(/^text\/plain/);
		expect(await v1.text()).toMatch(/name/);

		const diner = await post(cust('/session'), JSON.stringify({ customerName: 'Ro\u0000sa' }));
		expect(diner.status).toBe(400);
		const body = await diner.json();
		expect(body.success).toBe(false);
		expect(body.error.code).toBe('BAD_REQUEST');
		expect(body.error.message).toMatch(/customerName/);

		// Other C0 controls and lone surrogates are refused the same way.
		for (const bad of ['a\u0007b', 'a\u001bb', 'a\ud800b']) {
			const r = await post(cust('/session'), JSON.stringify({ customerName: bad }));
			expect(r.status, JSON.stringify(bad)).toBe(400);
		}
		// Tabs and newlines are ordinary text.
		expect(await counts()).toEqual(before);
		expect(stackLines(web.output().slice(logBefore))).toEqual([]);
	});

	it('%00 in a path parameter is 400 in the path convention, not 500', async () => {
		const logBefore = web.output().length;
		const a = await fetch(`${web.url}/api/customer/x%00/y/check-session`);
		expect(a.status).toBe(400);
		expect((await a.json()).error.code).toBe('BAD_REQUEST');
		const b = await fetch(`${web.url}/api/v1/auth/credentials/abc%00def`, {
			method: 'DELETE',
			headers: admin.headers
		});
		expect(b.status).toBe(400);
		expect(b.headers.get('content-type')).toMatch(/^text\/plain/);
		const c = await fetch(`${web.url}/api/customer/${loc.slug}/${loc.slug}-1%00/menu`);
		expect(c.status).toBe(400);
		expect(stackLines(web.output().slice(logBefore))).toEqual([]);
	});

	it('the webhook keeps a malformed payload with a NUL (escaped or raw) and answers 400', async () => {
		const logBefore = web.output().length;
		const ev = saavorEvent(loc.slug);
		ev.order.customer_name = 'Pick\u0000up';
		const escaped = JSON.stringify(ev);
		const r1 = await postWebhook(web.url, escaped);
		expect(r1.status).toBe(400);
		expect(await r1.text()).toMatch(/customer_name/);
		const [kept] =
			await sql`select status, raw from saavor_payloads where raw like ${'%' + ev.order.id + '%'}`;
		expect(kept).toMatchObject({ status: 'invalid' });
		expect(await sql`select 1 from orders where external_id = ${ev.order.id}`).toHaveLength(0);

		const ev2 = saavorEvent(loc.slug);
		const rawNul = JSON.stringify(ev2).replace('Pickup', 'Pick\u0000up');
		const r2 = await postWebhook(web.url, rawNul);
		expect(r2.status).toBe(400);
		const [kept2] =
			await sql`select status from saavor_payloads where raw like ${'%' + ev2.order.id + '%'}`;
		expect(kept2).toMatchObject({ status: 'invalid' });
		expect(stackLines(web.output().slice(logBefore))).toEqual([]);
	});
});

describe('bodies over the size limit (item 2)', () => {
	// adapter-node's BODY_SIZE_LIMIT defaults to 512 KB.
	const huge = JSON.stringify({ customerName: 'x'.repeat(600 * 1024) });

	it('413 in each convention, nothing written, no stack trace logged', async () => {
		const logBefore = web.output().length;
		const before = await counts();
		const v1 = await post('/api/v1/stores', huge, admin.headers);
		expect(v1.status).toBe(413);
		expect(v1.headers.get('content-type')).toMatch(/^text\/plain/);
		expect((await v1.text()).length).toBeGreaterThan(0);

		const diner = await post(cust('/session'), huge);
		expect(diner.status).toBe(413);
		expect((await diner.json()).error.code).toBe('PAYLOAD_TOO_LARGE');

		const hook = await postWebhook(web.url, huge);
		expect(hook.status).toBe(413);
		expect(hook.headers.get('content-type')).toMatch(/^text\/plain/);
		expect(await counts()).toEqual(before);
		expect(stackLines(web.output().slice(logBefore))).toEqual([]);
	});

	it('413 also when the body arrives chunked without a Content-Length', async () => {
		const chunks = [new TextEncoder().encode(huge)];
		const stream = new ReadableStream({
			pull(c) {
				const next = chunks.shift();
				if (next) c.enqueue(next);
				else c.close();
			}
		});
		const r = await fetch(web.url + cust('/session'), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: stream,
			duplex: 'half'
		} as RequestInit);
		expect(r.status).toBe(413);
		expect((await r.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
	});
});

describe('malformed URLs (item 5)', () => {
	it('a path that does not percent-decode answers in the API convention, not HTML', async () => {
		const v1 = await fetch(`${web.url}/api/v1/stores/%E0%A4%A`, { headers: admin.headers });
		expect(v1.status).toBe(400);
		expect(v1.headers.get('content-type')).toMatch(/^text\/plain/);
		expect(await v1.text()).toMatch(/malformed/i);
		const env = await fetch(`${web.url}/api/customer/%E0%A4%A/x/menu`);
		expect(env.status).toBe(400);
		expect((await env.json()).error.code).toBe('BAD_REQUEST');
	});
});

describe('Saavor hand-off needs a ready order (item 6)', () => {
	it('409 with a message for an order that is not ready; 202 once it is', async () => {
		const ev = saavorEvent(loc.slug);
		const created = await (await postWebhook(web.url, JSON.stringify(ev))).json();
		const before = await counts();
		const send = () =>
			post('/api/v1/saavor/orders/prepared', JSON.stringify({ orderId: created.order_id }), {
				...cook.headers
			});
		const r = await send();
		expect(r.status).toBe(409);
		expect(await r.text()).toMatch(/ready/);
		expect(await counts()).toEqual(before);
		for (const to of ['preparing', 'ready']) {
			const t = await post(
				`/api/v1/locations/${loc.id}/orders/${created.order_id}/transition`,
				JSON.stringify({ to }),
				cook.headers
			);
			expect(t.status).toBeLessThan(300);
		}
		expect((await send()).status).toBe(202);
	});
});

it('unknown ids stay 404 (sanity: the checks above are not blanket 400s)', async () => {
	const r = await fetch(`${web.url}/api/v1/stores/${randomUUID()}`, { headers: admin.headers });
	expect(r.status).toBe(404);
});
