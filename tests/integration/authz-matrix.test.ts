// Authorization matrix, generated from the route table (src/lib/server/auth/routes.ts): every
// /api/v1 route × {anonymous, staff, manager in scope, manager out of scope, admin, kiosk}.
// Denied callers get exactly the spec's 401/403 (never a 2xx) and a denied write changes
// nothing in the database; out-of-scope reads get an empty list or 404 as the table says.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ROUTES, type RouteSpec } from '../../src/lib/server/auth/routes';
import type { Role } from '../../src/lib/server/auth/identity';
import { connect } from '../../src/lib/server/db/index';
import * as invitations from '../../src/lib/server/auth/invitations';
import { createLocation, createUser, type TestUser } from '../support/auth';

const base = inject('baseUrl');
const sql = connect(inject('databaseUrl'), { max: 4 });
afterAll(() => sql.end());

type Caller = 'anonymous' | 'staff' | 'manager_in' | 'manager_out' | 'admin' | 'kiosk';
const CALLERS: Caller[] = ['anonymous', 'staff', 'manager_in', 'manager_out', 'kiosk', 'admin'];

interface Ctx {
	here: { id: string; slug: string };
	away: { id: string; slug: string };
	storeId: string;
	tableId: string;
	orderId: string;
	targetUserId: string;
	invitationId: string;
	users: Record<Exclude<Caller, 'anonymous'>, TestUser>;
}

/** Path parameters: fixtures in the caller's "here" location; anything unknown is a fresh UUID. */
const PARAMS: Record<string, (c: Ctx) => string> = {
	locationID: (c) => c.here.id,
	storeID: (c) => c.storeId,
	tableID: (c) => c.tableId,
	orderID: (c) => c.orderId,
	userID: (c) => c.targetUserId,
	invitationID: (c) => c.invitationId,
	credID: () => 'bm90LWEtY3JlZGVudGlhbA',
	token: () => 'not-a-real-token'
};

/** Plausible bodies, so a missing gate would show up as a successful write. */
const BODIES: Record<string, (c: Ctx) => unknown> = {
	'POST /api/v1/stores': (c) => ({ location_id: c.here.id, name: `S ${randomUUID()}` }),
	'PUT /api/v1/stores/{storeID}': () => ({ name: `Renamed ${randomUUID()}` }),
	'PUT /api/v1/admin/users/{userID}/role': () => ({ role: 'manager' }),
	'PUT /api/v1/admin/users/{userID}/status': () => ({ status: 'disabled' }),
	'PUT /api/v1/admin/users/{userID}/locations': (c) => ({ location_ids: [c.away.id] }),
	'POST /api/v1/admin/invitations': () => ({ role: 'staff' }),
	'POST /api/v1/locations': () => ({ slug: `m-${randomUUID().slice(0, 8)}`, name: 'Matrix' }),
	'PUT /api/v1/locations/{locationID}': () => ({ name: `Renamed ${randomUUID()}` }),
	'POST /api/v1/auth/sessions/revoke': () => ({ id: '0'.repeat(64) }),
	'POST /api/v1/locations/{locationID}/tables': () => ({ number: 77 }),
	'POST /api/v1/locations/{locationID}/orders/{orderID}/transition': () => ({ to: 'preparing' }),
	'POST /api/v1/saavor/orders/prepared': (c) => ({ orderId: c.orderId })
};

/** Query strings that make a list read target the "here" location. */
const QUERIES: Record<string, (c: Ctx) => string> = {
	'GET /api/v1/stores': (c) => `?location_id=${c.here.id}`
};

// Tables whose content a denied write must not change.
const WATCHED = [
	'locations',
	'dining_tables',
	'stores',
	'users',
	'user_locations',
	'webauthn_credentials',
	'invitations',
	'kiosk_tokens',
	'audit_log',
	'events',
	'table_sessions',
	'orders',
	'order_lines'
];

// Row count and newest row version per table: a committed insert, update or delete always
// changes one of them (every new row version carries a newer xmin; a delete lowers the count),
// and it is far cheaper than hashing every row, which the bad-input suite does hundreds of times.
const FINGERPRINT = WATCHED.map(
	(t) => `select '${t}=' || count(*) || ':' || coalesce(max(xmin::text::bigint), 0) as f from ${t}`
).join(' union all ');

async function fingerprint(): Promise<string> {
	return (await sql.unsafe(FINGERPRINT))
		.map((r) => r.f as string)
		.sort()
		.join(' ');
}

async function setup(): Promise<Ctx> {
	const here = await createLocation(sql);
	const away = await createLocation(sql);
	const [store] =
		await sql`insert into stores (location_id, name) values (${here.id}, 'Matrix store') returning id`;
	const target = await createUser(sql, 'staff', [here.id]);
	const [order] =
		await sql`insert into orders (location_id, source, external_id) values (${here.id}, 'saavor', ${'m-' + here.id}) returning id`;
	const [table] =
		await sql`insert into dining_tables (location_id, number, code) values (${here.id}, 1, ${here.slug + '-1'}) returning id`;
	const { invitation } = await invitations.create(sql, { role: 'staff' });
	const role = (r: Role, locs: string[]) => createUser(sql, r, locs);
	return {
		here,
		away,
		storeId: store.id,
		tableId: table.id,
		orderId: order.id,
		targetUserId: target.id,
		invitationId: invitation.id,
		users: {
			staff: await role('staff', [here.id]),
			manager_in: await role('manager', [here.id]),
			manager_out: await role('manager', [away.id]),
			kiosk: await role('kiosk', [here.id]),
			admin: await role('admin', [])
		}
	};
}

const roleOf: Record<Exclude<Caller, 'anonymous'>, Role> = {
	staff: 'staff',
	manager_in: 'manager',
	manager_out: 'manager',
	kiosk: 'kiosk',
	admin: 'admin'
};

type Expect = { status: 401 | 403 | 404 } | { empty: true } | { allowed: true };

// Public routes with their own authentication: a 401 from them is their credential check
// (the webhook's HMAC signature, tested in kitchen.test.ts), not a session gate.
const OWN_AUTH = new Set(['POST /api/v1/saavor/webhook', 'POST /api/v1/signage/auth']);

function expected(route: RouteSpec, caller: Caller): Expect {
	if (route.gate === 'public') return { allowed: true };
	if (caller === 'anonymous') return { status: 401 };
	const role = roleOf[caller];
	if (route.gate !== 'session' && !route.gate.includes(role)) return { status: 403 };
	if (caller === 'manager_out' && route.scope) {
		if (route.method !== 'GET') return { status: 403 };
		const o = route.outOfScope ?? 'empty';
		return o === 'forbidden'
			? { status: 403 }
			: o === 'not_found'
				? { status: 404 }
				: { empty: true };
	}
	return { allowed: true };
}

function isEmpty(body: unknown): boolean {
	if (Array.isArray(body)) return body.length === 0;
	if (body && typeof body === 'object') {
		const arrays = Object.values(body).filter(Array.isArray);
		return arrays.length > 0 && arrays.every((a) => a.length === 0);
	}
	return false;
}

describe('authorization matrix (from the route table)', () => {
	it('covers every route file: each ROUTES row answers (no 404 from a missing route)', async () => {
		const admin = await createUser(sql, 'admin');
		const missing: string[] = [];
		for (const r of ROUTES) {
			if (r.path.includes('/events')) continue; // streams are checked below
			const path = r.path.replace(/\{(\w+)\}/g, () => randomUUID());
			const res = await fetch(base + path, {
				method: r.method,
				headers: { ...admin.headers, 'content-type': 'application/json' },
				body: r.method === 'GET' ? undefined : '{}'
			});
			const text = await res.text();
			// SvelteKit's own 404/405 (no route file or no such method) reads exactly
			// 'Not Found' / 'Method Not Allowed'; handlers name what they did not find.
			if (res.status === 405 || (res.status === 404 && text === 'Not Found')) {
				missing.push(`${r.method} ${r.path}`);
			}
		}
		expect(missing).toEqual([]);
	});

	it('the table matches the reference: admin-only and public routes', () => {
		const gate = (m: string, p: string) => ROUTES.find((r) => r.method === m && r.path === p)?.gate;
		for (const r of ROUTES.filter((r) => r.path.startsWith('/api/v1/admin/'))) {
			expect(r.gate, `${r.method} ${r.path}`).toEqual(['admin']);
		}
		for (const [m, p] of [
			['POST', '/api/v1/locations'],
			['PUT', '/api/v1/locations/{locationID}'],
			['DELETE', '/api/v1/locations/{locationID}'],
			['POST', '/api/v1/locations/{locationID}/kiosk_token/rotate'],
			['POST', '/api/v1/locations/kiosk_token/rotate_all'],
			['POST', '/api/v1/stores']
		]) {
			expect(gate(m, p), `${m} ${p}`).toEqual(['admin']);
		}
		const PUBLIC = new Set([
			'GET /api/v1/healthz',
			'GET /api/v1/auth/invitations/{token}',
			'POST /api/v1/auth/register/options',
			'POST /api/v1/auth/register/verify',
			'POST /api/v1/auth/login/options',
			'POST /api/v1/auth/login/verify',
			'POST /api/v1/signage/auth',
			'POST /api/v1/saavor/webhook'
		]);
		for (const r of ROUTES) {
			expect(r.gate === 'public', `${r.method} ${r.path} public?`).toBe(
				PUBLIC.has(`${r.method} ${r.path}`)
			);
		}
	});

	for (const route of ROUTES) {
		it(`${route.method} ${route.path}`, async () => {
			const ctx = await setup();
			const key = `${route.method} ${route.path}`;
			const path = route.path.replace(/\{(\w+)\}/g, (_, p) =>
				(PARAMS[p] ?? (() => randomUUID()))(ctx)
			);
			const query = QUERIES[key]?.(ctx) ?? '';
			const body = route.method === 'GET' ? undefined : JSON.stringify(BODIES[key]?.(ctx) ?? {});
			// Denied callers first: allowed ones may legitimately change or delete the fixtures.
			const order = [...CALLERS].sort(
				(a, b) => Number('allowed' in expected(route, a)) - Number('allowed' in expected(route, b))
			);
			for (const caller of order) {
				const exp = expected(route, caller);
				const before = route.method !== 'GET' && !('allowed' in exp) ? await fingerprint() : null;
				const ctrl = new AbortController();
				const res = await fetch(base + path + query, {
					method: route.method,
					signal: ctrl.signal,
					headers: {
						...(caller === 'anonymous' ? {} : ctx.users[caller].headers),
						...(body ? { 'content-type': 'application/json' } : {})
					},
					body
				});
				const label = `${key} as ${caller} → ${res.status}`;
				const isStream = (res.headers.get('content-type') ?? '').startsWith('text/event-stream');
				const text = isStream ? '' : await res.text();
				if (isStream) ctrl.abort();
				if ('status' in exp) {
					expect(res.status, label).toBe(exp.status);
				} else if ('empty' in exp) {
					expect(res.status, label).toBe(200);
					expect(isEmpty(JSON.parse(text)), `${label}: ${text.slice(0, 200)}`).toBe(true);
				} else {
					if (!OWN_AUTH.has(key)) {
						expect([401, 403], `${label}: ${text.slice(0, 200)}`).not.toContain(res.status);
					}
					expect(res.status, `${label}: ${text.slice(0, 200)}`).toBeLessThan(500);
				}
				if (before !== null) expect(await fingerprint(), `${label} changed data`).toBe(before);
			}
		});
	}
});

// Bad input from an allowed caller: every mutating route answers 4xx with a message (never a
// 500) and writes nothing. Routes that read no body may succeed; they still must not 500.
describe('bad input on every mutating route (from the route table)', () => {
	const JUNK_BODIES = ['not json', '{"a":', 'null', '[]', '"text"', '42', '{"__proto__":{"x":1}}'];
	const JUNK_PARAMS = ['not-a-uuid', 'x'.repeat(300), "1' or '1'='1", '%00', '0'];
	/** Every field of a plausible body turned into the wrong type, one at a time. */
	function wrongTypes(body: unknown): unknown[] {
		if (!body || typeof body !== 'object') return [];
		return Object.entries(body).flatMap(([k, v]) => [
			{ ...body, [k]: typeof v === 'string' ? 12345 : 'not-the-right-type' },
			{ ...body, [k]: null },
			{ ...body, [k]: typeof v === 'string' ? 'y'.repeat(100_000) : [v, v] },
			{ ...body, unexpected_field: true }
		]);
	}

	for (const route of ROUTES.filter((r) => r.method !== 'GET' && r.gate !== 'public')) {
		it(`${route.method} ${route.path}`, async () => {
			const ctx = await setup();
			const key = `${route.method} ${route.path}`;
			const who =
				route.gate === 'session' || route.gate.includes('admin')
					? ctx.users.admin
					: ctx.users.manager_in;
			const goodPath = route.path.replace(/\{(\w+)\}/g, (_, p) =>
				(PARAMS[p] ?? (() => randomUUID()))(ctx)
			);
			const good = BODIES[key]?.(ctx);
			const cases: { path: string; body: string }[] = [
				...JUNK_BODIES.map((body) => ({ path: goodPath, body })),
				...wrongTypes(good).map((b) => ({ path: goodPath, body: JSON.stringify(b) }))
			];
			if (route.path.includes('{')) {
				for (const junk of JUNK_PARAMS) {
					cases.push({
						path: route.path.replace(/\{(\w+)\}/g, () => encodeURIComponent(junk)),
						body: JSON.stringify(good ?? {})
					});
				}
			}
			for (const c of cases) {
				const before = await fingerprint();
				const res = await fetch(base + c.path, {
					method: route.method,
					headers: { ...who.headers, 'content-type': 'application/json' },
					body: c.body
				});
				const text = await res.text();
				const label = `${key} ${c.path.slice(0, 60)} ${c.body.slice(0, 60)} → ${res.status}: ${text.slice(0, 160)}`;
				expect(res.status, label).toBeLessThan(500);
				if (res.status >= 400) {
					expect(text.trim().length, `${label} (no message)`).toBeGreaterThan(0);
					expect(await fingerprint(), `${label} changed data`).toBe(before);
				}
			}
		});
	}
});
