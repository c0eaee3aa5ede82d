// The table-session contract (restai-table-sessions.txt, restai-customer-flow.txt): every
// documented call with its documented response shape, the error codes, events, and races.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { append, read } from '../../src/lib/server/events/outbox';
import { channels } from '../../src/lib/shared/channels';
import { seedDemo } from '../../src/lib/server/demo/seed';
import * as sessions from '../../src/lib/server/tables/sessions';
import { createLocation, createUser, type TestUser } from '../support/auth';

const base = inject('baseUrl');
const sql = connect(inject('databaseUrl'), { max: 4 });
afterAll(() => sql.end());

let locationId: string;
let staff: TestUser;
let outsider: TestUser;
const tableIds: Record<number, string> = {};

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function req(
	method: string,
	path: string,
	opts: { who?: TestUser; token?: string; body?: unknown } = {}
) {
	return fetch(base + path, {
		method,
		headers: {
			...(opts.who?.headers ?? {}),
			...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
			...(opts.body !== undefined ? { 'content-type': 'application/json' } : {})
		},
		body: opts.body === undefined ? undefined : JSON.stringify(opts.body)
	});
}
// Changes the first signature character: the last base64url characters of an HS256
// signature carry padding bits, so editing them can leave the signature unchanged.
function tamper(jwt: string): string {
	const [h, p, sig] = jwt.split('.');
	return `${h}.${p}.${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
}
const cust = (table: number, rest: string) =>
	`/api/customer/downtown-lima/downtown-lima-${table}${rest}`;

beforeAll(async () => {
	({ locationId } = await seedDemo(sql));
	staff = await createUser(sql, 'staff', [locationId]);
	const other =
		await sql`insert into locations (slug, name) values ('elsewhere-' || substr(md5(random()::text), 1, 6), 'Elsewhere') returning id`;
	outsider = await createUser(sql, 'manager', [other[0].id]);
	for (const t of await sql`select id, number from dining_tables where location_id = ${locationId}`) {
		tableIds[t.number] = t.id;
	}
	await sql`update table_sessions set status = 'completed', ended_at = now() where status in ('pending', 'active')`;
});

describe('staff API (documented examples)', () => {
	let sessionId: string;

	it('POST /api/tables/sessions creates a pending session with a customer token', async () => {
		const r = await req('POST', '/api/tables/sessions', {
			who: staff,
			body: { tableId: tableIds[1], customerName: 'Juan Perez', customerPhone: '+51987654321' }
		});
		expect(r.status).toBe(201);
		const body = await r.json();
		expect(body).toEqual({
			success: true,
			data: {
				session: expect.objectContaining({
					id: expect.stringMatching(UUID),
					table_id: tableIds[1],
					customer_name: 'Juan Perez',
					customer_phone: '+51987654321',
					status: 'pending',
					started_at: expect.stringMatching(ISO)
				}),
				token: expect.stringMatching(/^eyJ/)
			}
		});
		sessionId = body.data.session.id;
	});

	it('GET /api/tables/sessions/pending lists it with table number', async () => {
		const body = await (await req('GET', '/api/tables/sessions/pending', { who: staff })).json();
		expect(body.success).toBe(true);
		expect(body.data).toContainEqual({
			id: sessionId,
			customer_name: 'Juan Perez',
			customer_phone: '+51987654321',
			table_id: tableIds[1],
			table_number: 1,
			started_at: expect.stringMatching(ISO),
			reminded_at: null
		});
	});

	it('PATCH approve → active, broadcast to branch and session channels', async () => {
		const r = await req('PATCH', `/api/tables/sessions/${sessionId}/approve`, { who: staff });
		expect(r.status).toBe(200);
		const body = await r.json();
		expect(body).toMatchObject({ success: true, data: { id: sessionId, status: 'active' } });
		const branch = await read(sql, `branch:${locationId}`, 0, 10_000);
		expect(branch.map((e) => e.type)).toEqual(
			expect.arrayContaining(['session:pending', 'session:approved'])
		);
		const own = await read(sql, `session:${sessionId}`, 0);
		expect(own.map((e) => e.type)).toEqual(['session:approved']);
	});

	it('GET /api/tables/sessions?status=active and GET /:id', async () => {
		const list = await (
			await req('GET', '/api/tables/sessions?status=active', { who: staff })
		).json();
		expect(list.success).toBe(true);
		const row = list.data.find((s: { id: string }) => s.id === sessionId);
		expect(row).toMatchObject({
			id: sessionId,
			table_id: tableIds[1],
			table_number: 1,
			customer_name: 'Juan Perez',
			status: 'active',
			started_at: expect.stringMatching(ISO),
			ended_at: null
		});
		expect(list.data.every((s: { status: string }) => s.status === 'active')).toBe(true);
		const one = await (
			await req('GET', `/api/tables/sessions/${sessionId}`, { who: staff })
		).json();
		expect(one.data.id).toBe(sessionId);
	});

	it('PATCH end → completed with ended_at; branch gets session:ended', async () => {
		const r = await req('PATCH', `/api/tables/sessions/${sessionId}/end`, { who: staff });
		const body = await r.json();
		expect(body).toMatchObject({
			success: true,
			data: { status: 'completed', ended_at: expect.stringMatching(ISO) }
		});
		const branch = await read(sql, `branch:${locationId}`, 0, 10_000);
		expect(branch.at(-1)?.type).toBe('session:ended');
	});

	it('documented 404 codes, auth and scope', async () => {
		const ghost = '00000000-0000-4000-8000-000000000000';
		const code = async (r: Promise<Response>) => {
			const res = await r;
			return [res.status, (await res.json()).error?.code];
		};
		expect(await code(req('GET', `/api/tables/sessions/${ghost}`, { who: staff }))).toEqual([
			404,
			'NOT_FOUND'
		]);
		expect(
			await code(req('PATCH', `/api/tables/sessions/${ghost}/approve`, { who: staff }))
		).toEqual([404, 'PENDING_SESSION_NOT_FOUND']);
		expect(
			await code(req('PATCH', `/api/tables/sessions/${sessionId}/reject`, { who: staff }))
		).toEqual([404, 'PENDING_SESSION_NOT_FOUND']);
		expect(
			await code(req('PATCH', `/api/tables/sessions/${sessionId}/end`, { who: staff }))
		).toEqual([404, 'ACTIVE_SESSION_NOT_FOUND']);
		expect(await code(req('PATCH', `/api/tables/sessions/nope/end`, { who: staff }))).toEqual([
			404,
			'ACTIVE_SESSION_NOT_FOUND'
		]);
		expect(await code(req('GET', `/api/tables/sessions/${sessionId}`, { who: outsider }))).toEqual([
			404,
			'NOT_FOUND'
		]);
		expect(await code(req('GET', '/api/tables/sessions'))).toEqual([401, 'UNAUTHORIZED']);
		expect(await code(req('GET', '/api/tables/sessions?status=bogus', { who: staff }))).toEqual([
			400,
			'BAD_REQUEST'
		]);
		const empty = await (await req('GET', '/api/tables/sessions', { who: outsider })).json();
		expect(empty).toEqual({ success: true, data: [] });
	});
});

describe('customer flow', () => {
	it('check → request → pending conflict → approval → order (idempotent) → end invalidates the token', async () => {
		expect(await (await req('GET', cust(2, '/check-session'))).json()).toEqual({
			success: true,
			data: { hasSession: false }
		});
		const created = await req('POST', cust(2, '/session'), {
			body: { customerName: 'Ana', customerPhone: '+5111' }
		});
		expect(created.status).toBe(201);
		const { data } = await created.json();
		const token = data.token as string;
		const sid = data.session.id as string;
		expect(data.session.status).toBe('pending');

		const again = await req('POST', cust(2, '/session'), { body: { customerName: 'Luis' } });
		expect(again.status).toBe(409);
		expect((await again.json()).error.code).toBe('SESSION_PENDING');
		expect((await (await req('GET', cust(2, '/check-session'))).json()).data).toEqual({
			hasSession: true,
			status: 'pending',
			sessionId: sid,
			customerName: 'Ana'
		});
		expect((await (await req('GET', cust(2, `/session-status/${sid}`))).json()).data.status).toBe(
			'pending'
		);

		const menu = (await (await req('GET', cust(2, '/menu'))).json()).data;
		const dish = menu.items.find((i: { kind: string }) => i.kind === 'meal');
		const drink = menu.items.find((i: { kind: string }) => i.kind === 'item');
		const order = {
			idempotencyKey: `k-${sid}`,
			lines: [
				{ mealId: dish.id, quantity: 2 },
				{ itemId: drink.id, quantity: 1 }
			]
		};
		const early = await req('POST', cust(2, '/orders'), { token, body: order });
		expect([early.status, (await early.json()).error.code]).toEqual([403, 'SESSION_NOT_ACTIVE']);

		await req('PATCH', `/api/tables/sessions/${sid}/approve`, { who: staff });
		expect((await (await req('GET', cust(2, `/session-status/${sid}`))).json()).data.status).toBe(
			'active'
		);

		const placed = await req('POST', cust(2, '/orders'), { token, body: order });
		expect(placed.status).toBe(201);
		const o = (await placed.json()).data;
		expect(o.total_cents).toBe(dish.price_cents * 2 + drink.price_cents);
		expect(o.prep_state).toBe('queued');
		const retry = await req('POST', cust(2, '/orders'), { token, body: order });
		expect(retry.status).toBe(200);
		expect((await retry.json()).data.id).toBe(o.id);
		const [row] =
			await sql`select source, table_id, count(*) over () as n from orders where table_session_id = ${sid}`;
		expect(row).toMatchObject({ source: 'table', table_id: tableIds[2], n: 1 });
		const kitchen = await read(sql, `kitchen:${locationId}`, 0, 10_000);
		expect(
			kitchen
				.filter((e) => e.type === 'order:created')
				.map((e) => (e.payload as { orderId: string }).orderId)
		).toContain(o.id);

		// Client-sent prices are ignored; unknown dishes are refused.
		const bogus = await req('POST', cust(2, '/orders'), {
			token,
			body: {
				idempotencyKey: `x-${sid}`,
				lines: [{ mealId: '00000000-0000-4000-8000-000000000000', quantity: 1 }]
			}
		});
		expect([bogus.status, (await bogus.json()).error.code]).toEqual([400, 'NOT_ON_MENU']);

		// One pending waiter call per table.
		expect((await req('POST', cust(2, '/calls'), { token, body: { type: 'waiter' } })).status).toBe(
			201
		);
		const dup = await req('POST', cust(2, '/calls'), { token, body: { type: 'waiter' } });
		expect([dup.status, (await dup.json()).error.code]).toEqual([409, 'CALL_PENDING']);
		expect((await req('POST', cust(2, '/calls'), { token, body: { type: 'bill' } })).status).toBe(
			201
		);

		// Another table's token cannot order here.
		const other = await (
			await req('POST', cust(3, '/session'), { body: { customerName: 'Eve' } })
		).json();
		const cross = await req('POST', cust(2, '/orders'), { token: other.data.token, body: order });
		expect([cross.status, (await cross.json()).error.code]).toEqual([403, 'TOKEN_TABLE_MISMATCH']);

		await req('PATCH', `/api/tables/sessions/${sid}/end`, { who: staff });
		const late = await req('POST', cust(2, '/orders'), {
			token,
			body: { ...order, idempotencyKey: `late-${sid}` }
		});
		expect([late.status, (await late.json()).error.code]).toEqual([403, 'SESSION_ENDED']);
		expect((await req('GET', cust(2, '/orders'), { token })).status).toBe(403);
		expect(
			(await req('POST', cust(2, '/orders'), { token: tamper(token), body: order })).status
		).toBe(401);
	});

	it('two diners racing for one table: exactly one pending session', async () => {
		const results = await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				req('POST', cust(4, '/session'), { body: { customerName: `Diner ${i}` } })
			)
		);
		const statuses = results.map((r) => r.status).sort();
		expect(statuses.filter((s) => s === 201)).toHaveLength(1);
		expect(statuses.filter((s) => s === 409)).toHaveLength(19);
		const [{ n }] =
			await sql`select count(*)::int as n from table_sessions where table_id = ${tableIds[4]} and status in ('pending', 'active')`;
		expect(n).toBe(1);
	});

	it('rejected requests free the table; unknown branch or table is NOT_FOUND; bad input is 400', async () => {
		const r = await (
			await req('POST', cust(5, '/register'), { body: { customerName: 'Rosa', partySize: 3 } })
		).json();
		await req('PATCH', `/api/tables/sessions/${r.data.session.id}/reject`, { who: staff });
		expect(
			(await (await req('GET', cust(5, `/session-status/${r.data.session.id}`))).json()).data.status
		).toBe('rejected');
		expect(
			(await req('POST', cust(5, '/session'), { body: { customerName: 'Rosa' } })).status
		).toBe(201);
		const nf = await req('GET', '/api/customer/nowhere/nowhere-1/check-session');
		expect([nf.status, (await nf.json()).error.code]).toEqual([404, 'NOT_FOUND']);
		const bad = await req('POST', cust(6, '/session'), { body: { customerName: '' } });
		expect([bad.status, (await bad.json()).error.code]).toEqual([400, 'BAD_REQUEST']);
		const long = await req('POST', cust(6, '/session'), {
			body: { customerName: 'x', customerPhone: '1'.repeat(21) }
		});
		expect(long.status).toBe(400);
	});

	it('an order racing staff ending the session lands before the end or not at all', async () => {
		const menu = (await (await req('GET', cust(9, '/menu'))).json()).data;
		const dish = menu.items.find((i: { kind: string }) => i.kind === 'meal');
		for (let round = 0; round < 8; round++) {
			const r = await (
				await req('POST', cust(9, '/session'), { body: { customerName: `Racer ${round}` } })
			).json();
			const sid = r.data.session.id as string;
			await req('PATCH', `/api/tables/sessions/${sid}/approve`, { who: staff });
			const [orders, ended] = await Promise.all([
				Promise.all(
					Array.from({ length: 4 }, (_, i) =>
						req('POST', cust(9, '/orders'), {
							token: r.data.token,
							body: {
								idempotencyKey: `race-${sid}-${i}`,
								lines: [{ mealId: dish.id, quantity: 1 }]
							}
						})
					)
				),
				req('PATCH', `/api/tables/sessions/${sid}/end`, { who: staff })
			]);
			expect(ended.status).toBe(200);
			for (const o of orders) expect([201, 403]).toContain(o.status);
			// On the branch channel (commit order), no order of this session follows its end.
			const events = (await read(sql, `branch:${locationId}`, 0, 100_000)).filter(
				(e) => (e.payload as { sessionId?: string }).sessionId === sid
			);
			const end = events.findIndex((e) => e.type === 'session:ended');
			expect(end).toBeGreaterThan(-1);
			expect(events.slice(end).filter((e) => e.type === 'order:created')).toEqual([]);
			expect(events.filter((e) => e.type === 'order:created')).toHaveLength(
				orders.filter((o) => o.status === 201).length
			);
		}
	});

	// Embedded PGlite runs one transaction at a time, so there the end would wait regardless.
	it.skipIf(inject('dbKind') !== 'postgres')(
		'a diner write share-locks its session: staff ending it waits for the write to commit',
		async () => {
			const r = await (
				await req('POST', cust(10, '/session'), { body: { customerName: 'Locked' } })
			).json();
			const sid = r.data.session.id as string;
			await req('PATCH', `/api/tables/sessions/${sid}/approve`, { who: staff });
			let endedAt = 0;
			let committedAt = 0;
			let ending: Promise<Response> | undefined;
			await sql.begin(async (tx) => {
				// What requireDiner(…, lock = true) does first inside an order or call transaction.
				expect((await sessions.get(tx, sid, true))?.status).toBe('active');
				ending = req('PATCH', `/api/tables/sessions/${sid}/end`, { who: staff }).then((res) => {
					endedAt = performance.now();
					return res;
				});
				await new Promise((x) => setTimeout(x, 400));
				expect(endedAt).toBe(0);
				committedAt = performance.now();
			});
			expect((await ending!).status).toBe(200);
			expect(endedAt).toBeGreaterThan(committedAt);
		}
	);

	it.skipIf(inject('dbKind') !== 'postgres')(
		'ending a session a diner write holds does not deadlock on channel locks',
		async () => {
			// Another table's request has lapsed: ending used to lapse it first, taking the branch
			// channel's lock, then wait for the diner's write, which needed that lock for its event.
			const r = await (
				await req('POST', cust(12, '/session'), { body: { customerName: 'Busy' } })
			).json();
			const sid = r.data.session.id as string;
			await req('PATCH', `/api/tables/sessions/${sid}/approve`, { who: staff });
			const lapsed = await (
				await req('POST', cust(8, '/session'), { body: { customerName: 'Gone' } })
			).json();
			await sql`update table_sessions set pending_expires_at = now() - interval '1 minute'
				where id = ${lapsed.data.session.id}`;
			let ending: Promise<Response> | undefined;
			await sql.begin(async (tx) => {
				await sessions.get(tx, sid, true);
				ending = req('PATCH', `/api/tables/sessions/${sid}/end`, { who: staff });
				await new Promise((x) => setTimeout(x, 300));
				// What an order does next: its events on the branch channel.
				await append(tx, channels.branch(locationId), 'test:probe', { sid });
			});
			expect((await ending!).status).toBe(200);
		}
	);

	it('a table with a waiting or seated party cannot be deleted; a free one can', async () => {
		const manager = await createUser(sql, 'manager', [locationId]);
		const made = await req('POST', `/api/v1/locations/${locationId}/tables`, {
			who: manager,
			body: { number: 88 }
		});
		expect(made.status).toBe(201);
		const table = await made.json();
		const del = () =>
			req('DELETE', `/api/v1/locations/${locationId}/tables/${table.id}`, { who: manager });
		const r = await (
			await req('POST', cust(88, '/session'), { body: { customerName: 'Seated' } })
		).json();
		const pending = await del();
		expect(pending.status).toBe(409);
		expect(await pending.text()).toMatch(/pending or active session/);
		await req('PATCH', `/api/tables/sessions/${r.data.session.id}/approve`, { who: staff });
		expect((await del()).status).toBe(409);
		const [{ n }] =
			await sql`select count(*)::int as n from table_sessions where id = ${r.data.session.id}`;
		expect(n).toBe(1);
		await req('PATCH', `/api/tables/sessions/${r.data.session.id}/end`, { who: staff });
		expect((await del()).status).toBe(204);
		expect((await del()).status).toBe(404);
	});

	it('ending a session cancels its pending calls, so the next party can call; acks are audited', async () => {
		const seat = async (name: string) => {
			const r = await (
				await req('POST', cust(11, '/session'), { body: { customerName: name } })
			).json();
			await req('PATCH', `/api/tables/sessions/${r.data.session.id}/approve`, { who: staff });
			return { sid: r.data.session.id as string, token: r.data.token as string };
		};
		const first = await seat('First party');
		for (const type of ['waiter', 'bill']) {
			expect(
				(await req('POST', cust(11, '/calls'), { token: first.token, body: { type } })).status
			).toBe(201);
		}
		const listed = async () =>
			(
				(await (await req('GET', '/api/tables/calls', { who: staff })).json()).data as {
					id: string;
					table_number: number;
					type: string;
				}[]
			).filter((c) => c.table_number === 11);
		const calls = await listed();
		expect(calls.map((c) => c.type).sort()).toEqual(['bill', 'waiter']);
		// The floor screen asks for one location: another location's list has none of them.
		const here = await req('GET', `/api/tables/calls?location_id=${locationId}`, { who: staff });
		expect((await here.json()).data.map((c: { id: string }) => c.id)).toEqual(
			expect.arrayContaining(calls.map((c) => c.id))
		);
		const other = await req('GET', `/api/tables/calls?location_id=${crypto.randomUUID()}`, {
			who: staff
		});
		expect((await other.json()).data).toEqual([]);
		const bad = await req('GET', '/api/tables/calls?location_id=nope', { who: staff });
		expect(bad.status).toBe(400);

		// Staff handle the waiter call; the bill request is still open when the party leaves.
		const waiter = calls.find((c) => c.type === 'waiter')!;
		const ack = await req('PATCH', `/api/tables/calls/${waiter.id}/ack`, { who: staff });
		expect(ack.status).toBe(200);
		expect((await req('PATCH', `/api/tables/calls/${waiter.id}/ack`, { who: staff })).status).toBe(
			404
		);
		await req('PATCH', `/api/tables/sessions/${first.sid}/end`, { who: staff });
		expect(await listed()).toEqual([]);
		const rows = await sql`
			select type, status, cancelled_at is not null as cancelled from waiter_calls
			where session_id = ${first.sid} order by type`;
		expect(rows).toEqual([
			{ type: 'bill', status: 'cancelled', cancelled: true },
			{ type: 'waiter', status: 'acknowledged', cancelled: false }
		]);
		const branch = await read(sql, `branch:${locationId}`, 0, 100_000);
		const bill = calls.find((c) => c.type === 'bill')!;
		expect(
			branch.filter(
				(e) => e.type === 'call:cancelled' && (e.payload as { callId: string }).callId === bill.id
			)
		).toHaveLength(1);
		const audit = await sql`
			select action from audit_log where entity = 'waiter_call' and entity_id in (${waiter.id}, ${bill.id})
			order by action`;
		expect(audit.map((a) => a.action)).toEqual(['acknowledge', 'cancel', 'create', 'create']);

		// The next party at the table asks for the bill: not refused for the last party's request.
		const next = await seat('Next party');
		expect(
			(await req('POST', cust(11, '/calls'), { token: next.token, body: { type: 'bill' } })).status
		).toBe(201);
		await req('PATCH', `/api/tables/sessions/${next.sid}/end`, { who: staff });
	});

	it('bad input on every table-session write: 4xx envelope with a code, nothing written', async () => {
		const r = await (
			await req('POST', cust(6, '/session'), { body: { customerName: 'Junk test' } })
		).json();
		const sid = r.data.session.id as string;
		await req('PATCH', `/api/tables/sessions/${sid}/approve`, { who: staff });
		const token = r.data.token as string;
		const JUNK = ['not json', '{"a":', 'null', '[]', '"text"', '{"__proto__":{"x":1}}'];
		const writes: {
			method: string;
			path: string;
			good: unknown;
			token?: string;
			who?: TestUser;
		}[] = [
			{
				method: 'POST',
				path: '/api/tables/sessions',
				good: { tableId: tableIds[6], customerName: 'X' },
				who: staff
			},
			{ method: 'POST', path: cust(6, '/session'), good: { customerName: 'X' } },
			{ method: 'POST', path: cust(6, '/register'), good: { customerName: 'X', partySize: 2 } },
			{
				method: 'POST',
				path: cust(6, '/orders'),
				good: { idempotencyKey: 'junk-key-1', lines: [{ itemId: randomUUID(), quantity: 1 }] },
				token
			},
			{ method: 'POST', path: cust(6, '/calls'), good: { type: 'waiter' }, token }
		];
		const count = async () =>
			(
				await sql`select (select count(*) from table_sessions) + (select count(*) from orders)
					+ (select count(*) from waiter_calls) + (select count(*) from audit_log) as n`
			)[0].n;
		for (const w of writes) {
			const bodies = [
				...JUNK,
				...Object.keys(w.good as object).flatMap((k) => [
					JSON.stringify({ ...(w.good as object), [k]: 12345 }),
					JSON.stringify({ ...(w.good as object), [k]: 'y'.repeat(100_000) }),
					JSON.stringify({ ...(w.good as object), [k]: null })
				])
			];
			for (const body of bodies) {
				const before = await count();
				const res = await fetch(base + w.path, {
					method: w.method,
					headers: {
						...(w.who?.headers ?? {}),
						...(w.token ? { authorization: `Bearer ${w.token}` } : {}),
						'content-type': 'application/json'
					},
					body
				});
				const label = `${w.method} ${w.path} ${body.slice(0, 50)} → ${res.status}`;
				expect(res.status, label).toBeGreaterThanOrEqual(400);
				expect(res.status, label).toBeLessThan(500);
				const j = await res.json();
				expect(j, label).toMatchObject({
					success: false,
					error: { code: expect.any(String), message: expect.any(String) }
				});
				expect(await count(), `${label} wrote`).toBe(before);
			}
		}
		for (const junk of ['not-a-uuid', "1' or '1'='1", 'x'.repeat(300)]) {
			for (const action of ['approve', 'reject', 'end']) {
				const res = await req(
					'PATCH',
					`/api/tables/sessions/${encodeURIComponent(junk)}/${action}`,
					{
						who: staff
					}
				);
				expect(res.status).toBe(404);
			}
			const ack = await req('PATCH', `/api/tables/calls/${encodeURIComponent(junk)}/ack`, {
				who: staff
			});
			expect(ack.status).toBe(404);
			const status = await req('GET', cust(6, `/session-status/${encodeURIComponent(junk)}`));
			expect(status.status).toBeLessThan(500);
		}
		await req('PATCH', `/api/tables/sessions/${sid}/end`, { who: staff });
	});

	it('a pending request lapses after its time limit', async () => {
		const r = await (
			await req('POST', cust(7, '/session'), { body: { customerName: 'Slow' } })
		).json();
		await sql`update table_sessions set pending_expires_at = now() - interval '1 second' where id = ${r.data.session.id}`;
		expect((await (await req('GET', cust(7, '/check-session'))).json()).data).toEqual({
			hasSession: false
		});
		const st = (await (await req('GET', cust(7, `/session-status/${r.data.session.id}`))).json())
			.data;
		expect(st.status).toBe('rejected');
		// The phone can tell it timed out (not refused by staff).
		expect(st.lapsed).toBe(true);
	});

	it('a request staff rejected is not reported as lapsed', async () => {
		// A location of its own: the demo seed's test counts downtown-lima's tables.
		const loc = await createLocation(sql);
		await sql`insert into dining_tables (location_id, number, code)
			values (${loc.id}, 1, ${loc.slug + '-1'})`;
		const at = (rest: string) => `/api/customer/${loc.slug}/${loc.slug}-1${rest}`;
		const r = await (
			await req('POST', at('/session'), { body: { customerName: 'Turned away' } })
		).json();
		await sql`update table_sessions set status = 'rejected', ended_at = now() where id = ${r.data.session.id}`;
		const st = (await (await req('GET', at(`/session-status/${r.data.session.id}`))).json()).data;
		expect(st).toMatchObject({ status: 'rejected', lapsed: false });
	});
});
