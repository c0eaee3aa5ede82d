// Authorization matrix, generated from the route table (src/lib/server/auth/routes.ts): every
// route of all three families (/api/v1, /api/tables, /api/customer) × {anonymous, staff,
// manager in scope, manager out of scope, kiosk, admin, and diners holding a customer token of
// this table's active session, of another table, or of this table's ended session}.
// Denied callers get exactly the spec's 401/403 (never a 2xx) and a denied write changes
// nothing in the database; out-of-scope callers get an empty list or 404 as the table says.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROUTES, type RouteSpec } from '../../src/lib/server/auth/routes';
import { outOfScope } from '../../src/lib/server/auth/gates';
import type { Role } from '../../src/lib/server/auth/identity';
import { connect } from '../../src/lib/server/db/index';
import * as invitations from '../../src/lib/server/auth/invitations';
import * as ledger from '../../src/lib/server/inventory/ledger';
import { createLocation, createUser, type TestUser } from '../support/auth';

const base = inject('baseUrl');
const sql = connect(inject('databaseUrl'), { max: 4 });

type Staff = 'staff' | 'manager_in' | 'manager_out' | 'kiosk' | 'admin';
type DinerCaller = 'diner' | 'diner_other_table' | 'diner_ended';
type Caller = 'anonymous' | Staff | DinerCaller;
const CALLERS: Caller[] = [
	'anonymous',
	'staff',
	'manager_in',
	'manager_out',
	'kiosk',
	'admin',
	'diner',
	'diner_other_table',
	'diner_ended'
];
const isDiner = (c: Caller): c is DinerCaller => c.startsWith('diner');

// One route's callers (or junk cases) run one after another against a server shared by the
// run; rotate_all touches every location the run created. Budgeted for a loaded 2-core machine
// (it took over 30 s at load average 30), so a timeout does not leave a request in flight that
// changes the next route's fingerprint.
const ROUTE_BUDGET_MS = 120_000;

interface Ctx {
	here: { id: string; slug: string };
	away: { id: string; slug: string };
	storeId: string;
	itemId: string;
	tableId: string;
	tableCode: string;
	/** A table of "here" without a session. */
	freeTableId: string;
	orderId: string;
	targetUserId: string;
	invitationId: string;
	/** The active session on tableId, a pending one on another table, a pending waiter call. */
	sessionId: string;
	pendingSessionId: string;
	callId: string;
	users: Record<Staff, TestUser>;
	tokens: Record<DinerCaller, string>;
	vendorId: string;
	mealId: string;
	poId: string;
	poLineId: string;
	menuId: string;
	daypartId: string;
	placementId: string;
	countId: string;
}

/** Path parameters: fixtures in the caller's "here" location; anything unknown is a fresh UUID. */
const PARAMS: Record<string, (c: Ctx, path: string) => string> = {
	// Table-session contract: {id} is a call under /calls, the pending session for approve and
	// reject, else the active session.
	id: (c, path) =>
		path.includes('/calls/')
			? c.callId
			: /\/(approve|reject)$/.test(path)
				? c.pendingSessionId
				: c.sessionId,
	sessionId: (c) => c.sessionId,
	branchSlug: (c) => c.here.slug,
	tableCode: (c) => c.tableCode,
	locationID: (c) => c.here.id,
	storeID: (c) => c.storeId,
	itemID: (c) => c.itemId,
	tableID: (c) => c.tableId,
	orderID: (c) => c.orderId,
	userID: (c) => c.targetUserId,
	invitationID: (c) => c.invitationId,
	vendorID: (c) => c.vendorId,
	mealID: (c) => c.mealId,
	poID: (c) => c.poId,
	menuID: (c) => c.menuId,
	daypartID: (c) => c.daypartId,
	placementID: (c) => c.placementId,
	countID: (c) => c.countId,
	collection: (_c, path) => (path.endsWith('/push') ? 'count_lines-v1' : 'count_sessions-v1'),
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
	'POST /api/v1/auth/sessions/revoke': () => ({ id: randomUUID() }),
	'POST /api/v1/locations/{locationID}/tables': () => ({ number: 77 }),
	'POST /api/v1/locations/{locationID}/orders/{orderID}/transition': () => ({ to: 'preparing' }),
	'POST /api/v1/locations/{locationID}/orders/{orderID}/serve': () => ({ served: true }),
	'POST /api/v1/saavor/orders/prepared': (c) => ({ orderId: c.orderId }),
	'POST /api/tables/sessions': (c) => ({ tableId: c.freeTableId, customerName: 'Matrix' }),
	'POST /api/customer/{branchSlug}/{tableCode}/session': () => ({ customerName: 'Matrix' }),
	'POST /api/customer/{branchSlug}/{tableCode}/register': () => ({
		customerName: 'Matrix',
		partySize: 2
	}),
	'POST /api/customer/{branchSlug}/{tableCode}/orders': () => ({
		idempotencyKey: `matrix-${randomUUID()}`,
		lines: [{ itemId: randomUUID(), quantity: 1 }]
	}),
	'POST /api/customer/{branchSlug}/{tableCode}/calls': () => ({ type: 'bill' }),
	'POST /api/v1/vendors': () => ({ name: `V ${randomUUID()}` }),
	'PUT /api/v1/vendors/{vendorID}': () => ({ name: `Renamed ${randomUUID()}` }),
	'PUT /api/v1/vendors/{vendorID}/items/{itemID}': () => ({ price_cents: 999, units_per_pack: 2 }),
	'POST /api/v1/meals': (c) => ({
		name: `M ${randomUUID()}`,
		price_cents: 1000,
		components: [{ item_id: c.itemId, quantity: 1 }]
	}),
	'PUT /api/v1/meals/{mealID}': () => ({ price_cents: 1200 }),
	'POST /api/v1/purchase-orders': (c) => ({
		location_id: c.here.id,
		vendor_id: c.vendorId,
		lines: [{ item_id: c.itemId, quantity_packs: 2 }]
	}),
	'POST /api/v1/purchase-orders/from-low-stock': (c) => ({ location_id: c.here.id }),
	'POST /api/v1/purchase-orders/{poID}/receipts': (c) => ({
		client_id: randomUUID(),
		store_id: c.storeId,
		lines: [{ line_id: c.poLineId, quantity_packs: 1, unit_price_cents: 550 }]
	}),
	'PUT /api/v1/purchase-orders/{poID}': () => ({ notes: `Edited ${randomUUID()}` }),
	'POST /api/v1/purchase-orders/{poID}/status': () => ({ status: 'submitted' }),
	'POST /api/v1/items': () => ({ sku: `M-${randomUUID()}`, name: 'Matrix item', unit: 'kg' }),
	'PUT /api/v1/items/{itemID}': () => ({ name: `Renamed ${randomUUID()}` }),
	'PUT /api/v1/stores/{storeID}/items/{itemID}': () => ({ quantity: 12.5, reason: 'receive' }),
	'POST /api/v1/items/{itemID}/stores/{storeID}/adjust': () => ({ delta: 2 }),
	'POST /api/v1/items/{itemID}/waste': (c) => ({
		store_id: c.storeId,
		quantity: 1,
		waste_reason: 'spoiled'
	}),
	'POST /api/v1/menus': () => ({ name: `Menu ${randomUUID()}` }),
	'PUT /api/v1/menus/{menuID}': () => ({ name: `Renamed ${randomUUID()}` }),
	'POST /api/v1/locations/{locationID}/dayparts': () => ({
		name: `Daypart ${randomUUID()}`,
		days: [1, 2, 3],
		starts_at: '11:00',
		ends_at: '15:00'
	}),
	'PUT /api/v1/dayparts/{daypartID}': () => ({ ends_at: '16:00' }),
	'POST /api/v1/locations/{locationID}/placements': (c) => ({
		menu_id: c.menuId,
		daypart_id: c.daypartId,
		meal_id: c.mealId
	}),
	// The 86: the one placement write staff may make.
	'PUT /api/v1/placements/{placementID}': () => ({ sold_out: true }),
	'PUT /api/v1/locations/{locationID}/items/{itemID}/par': () => ({
		par_level: 10,
		reorder_point: 4
	}),
	'PUT /api/v1/locations/{locationID}/line-store': (c) => ({ store_id: c.storeId }),
	'PUT /api/v1/stores/{storeID}/places': (c) => ({
		places: [{ item_id: c.itemId, area: `Matrix shelf ${randomUUID().slice(0, 8)}` }]
	}),
	'PUT /api/v1/stores/{storeID}/places/{itemID}': () => ({
		area: `Matrix shelf ${randomUUID().slice(0, 8)}`,
		shelf_order: 1
	}),
	'POST /api/v1/stores/{storeID}/counts': () => ({}),
	'POST /api/v1/counts/{countID}/approve': () => ({ choices: {} }),
	'POST /api/v1/sync/{collection}/push': (c) => [
		{
			assumedMasterState: null,
			newDocumentState: {
				id: randomUUID(),
				session_id: c.countId,
				item_id: c.itemId,
				quantity: 3,
				counted_at: new Date().toISOString(),
				device_id: 'matrix-phone'
			}
		}
	]
};

/** Query strings that make a list read target the "here" location. */
const QUERIES: Record<string, (c: Ctx) => string> = {
	'GET /api/v1/stores': (c) => `?location_id=${c.here.id}`,
	'GET /api/tables/sessions': (c) => `?location_id=${c.here.id}`,
	'GET /api/tables/sessions/pending': (c) => `?location_id=${c.here.id}`,
	'GET /api/tables/calls': (c) => `?location_id=${c.here.id}`,
	'GET /api/tables/events': (c) => `?location_id=${c.here.id}`,
	'GET /api/v1/purchase-orders': (c) => `?location_id=${c.here.id}`,
	'GET /api/v1/items/low': (c) => `?location_id=${c.here.id}`,
	'GET /api/v1/menu-health': (c) => `?location_id=${c.here.id}`,
	'GET /api/v1/sync/{collection}/pull': (c) => `?location_id=${c.here.id}`,
	'POST /api/v1/sync/{collection}/push': (c) => `?location_id=${c.here.id}`
};

/** Path with its parameters filled in, and the query string (the diner token, if the row reads it there). */
function target(route: RouteSpec, ctx: Ctx, caller: Caller): string {
	const path = route.path.replace(/\{(\w+)\}/g, (_, p) =>
		(PARAMS[p] ?? (() => randomUUID()))(ctx, route.path)
	);
	const params = new URLSearchParams(QUERIES[`${route.method} ${route.path}`]?.(ctx) ?? '');
	if (route.token === 'query' && isDiner(caller)) params.set('token', ctx.tokens[caller]);
	const q = params.toString();
	return q ? `${path}?${q}` : path;
}

function headersOf(ctx: Ctx, caller: Caller): Record<string, string> {
	if (caller === 'anonymous') return {};
	if (isDiner(caller)) return { authorization: `Bearer ${ctx.tokens[caller]}` };
	return ctx.users[caller].headers;
}

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
	'order_lines',
	'waiter_calls',
	'items',
	'vendors',
	'vendor_items',
	'vendor_price_history',
	'meals',
	'meal_components',
	'meal_cost_history',
	'purchase_orders',
	'purchase_order_lines',
	'receipts',
	'receipt_lines',
	'meal_cost_flags',
	'item_pars',
	'stock_levels',
	'stock_movements',
	'menus',
	'dayparts',
	'placements',
	'count_sessions',
	'count_lines',
	'store_item_places'
	// stock_item_revs is not watched: only the writers of items, stock_levels, item_pars and
	// locations write it, in their transactions, so one of those changes too.
];

// Every committed row change in a watched table leaves a row in one log, written by a row-level
// trigger in the writer's transaction (so a rolled-back write leaves none, and an UPDATE whose
// WHERE matches nothing fires nothing): the log's row count changes exactly when a watched table
// did. Counting one narrow table is far cheaper than scanning every watched table each time,
// which the bad-input and fuzz suites do thousands of times. Insert-only, so the trigger takes
// no lock another writer could wait on. Dropped after the file: the database is the run's.
const LOG = 'authz_matrix_writes';
beforeAll(async () => {
	await sql.unsafe(`
		create table ${LOG} (id bigserial primary key);
		create function ${LOG}_log() returns trigger language plpgsql as $$
		begin insert into ${LOG} default values; return null; end $$;
		${WATCHED.map(
			(t) =>
				`create trigger ${LOG} after insert or update or delete on ${t}
				for each row execute function ${LOG}_log();`
		).join('\n')}`);
});
afterAll(async () => {
	await sql.unsafe(`
		${WATCHED.map((t) => `drop trigger ${LOG} on ${t};`).join('\n')}
		drop function ${LOG}_log();
		drop table ${LOG};`);
	await sql.end();
});

async function fingerprint(): Promise<string> {
	const [r] = await sql.unsafe(`select count(*)::text as n from ${LOG}`);
	return r.n as string;
}

async function dinerSession(slug: string, code: string): Promise<{ id: string; token: string }> {
	const res = await fetch(`${base}/api/customer/${slug}/${code}/session`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ customerName: 'Matrix diner' })
	});
	if (res.status !== 201) throw new Error(`diner session: ${res.status} ${await res.text()}`);
	const { data } = await res.json();
	return { id: data.session.id, token: data.token };
}

async function setup(): Promise<Ctx> {
	const here = await createLocation(sql);
	const away = await createLocation(sql);
	const [store] =
		await sql`insert into stores (location_id, name) values (${here.id}, 'Matrix store') returning id`;
	// Stocked (so waste and negative adjusts are allowed) and par'd, so reads have rows.
	const [item] =
		await sql`insert into items (sku, name, unit) values (${'MX-' + randomUUID()}, 'Matrix item', 'kg') returning id`;
	await sql`insert into item_pars (item_id, location_id, par_level) values (${item.id}, ${here.id}, 100)`;
	// Placed in the store, so removing its place has something to remove.
	await sql`insert into store_item_places (store_id, item_id, area) values (${store.id}, ${item.id}, 'Matrix shelf')`;
	await sql.begin((tx) =>
		ledger.move(tx, null, { storeId: store.id, itemId: item.id, delta: 50, reason: 'receive' })
	);
	const target = await createUser(sql, 'staff', [here.id]);
	const [order] =
		await sql`insert into orders (location_id, source, external_id) values (${here.id}, 'saavor', ${'m-' + here.id}) returning id`;
	const [table] =
		await sql`insert into dining_tables (location_id, number, code) values (${here.id}, 1, ${here.slug + '-1'}) returning id, code`;
	const { invitation } = await invitations.create(sql, { role: 'staff' });
	const [vendor] =
		await sql`insert into vendors (name) values (${'Matrix vendor ' + randomUUID()}) returning id`;
	// Preferred, so from-low-stock has a line to draft (a missing gate would write a PO).
	await sql`insert into vendor_items (vendor_id, item_id, price_cents, preferred) values (${vendor.id}, ${item.id}, 500, true)`;
	const [meal] =
		await sql`insert into meals (name, price_cents) values (${'Matrix meal ' + randomUUID()}, 1000) returning id`;
	await sql`insert into meal_components (meal_id, item_id, quantity) values (${meal.id}, ${item.id}, 1)`;
	const [po] =
		await sql`insert into purchase_orders (location_id, vendor_id) values (${here.id}, ${vendor.id}) returning id`;
	const [poLine] =
		await sql`insert into purchase_order_lines (purchase_order_id, item_id, quantity_packs, purchase_unit, units_per_pack, unit_price_cents)
		values (${po.id}, ${item.id}, 1, 'each', 1, 500) returning id`;
	const [menu] =
		await sql`insert into menus (name) values (${'Matrix menu ' + randomUUID()}) returning id`;
	const [daypart] = await sql`
		insert into dayparts (location_id, name, starts_at, ends_at)
		values (${here.id}, 'Matrix lunch', '11:00', '15:00') returning id`;
	const [placement] = await sql`
		insert into placements (location_id, menu_id, daypart_id, meal_id)
		values (${here.id}, ${menu.id}, ${daypart.id}, ${meal.id}) returning id`;
	// An open count of the store (its walk: the fixture item), for the count and sync routes.
	const [count] = await sql`
		insert into count_sessions (location_id, store_id, items, rev)
		values (${here.id}, ${store.id},
			${sql.json([{ item_id: item.id, name: 'Matrix item', unit: 'kg', area: 'Other', shelf_order: 0 }])},
			1)
		returning id`;
	const role = (r: Role, locs: string[]) => createUser(sql, r, locs);
	const tables = await sql<{ id: string; number: number; code: string }[]>`
		insert into dining_tables (location_id, number, code)
		values (${here.id}, 2, ${here.slug + '-2'}), (${here.id}, 3, ${here.slug + '-3'}),
			(${here.id}, 4, ${here.slug + '-4'})
		returning id, number, code`;
	const byNumber = (n: number) => tables.find((t) => t.number === n)!;
	// Sessions through the API, so their tokens are signed with the server's key.
	const ended = await dinerSession(here.slug, table.code);
	await sql`update table_sessions set status = 'completed', ended_at = now() where id = ${ended.id}`;
	const active = await dinerSession(here.slug, table.code);
	const other = await dinerSession(here.slug, byNumber(2).code);
	await sql`update table_sessions set status = 'active', approved_at = now()
		where id in ${sql([active.id, other.id])}`;
	const pending = await dinerSession(here.slug, byNumber(3).code);
	const [call] = await sql`
		insert into waiter_calls (table_id, location_id, session_id, type)
		values (${table.id}, ${here.id}, ${active.id}, 'waiter') returning id`;
	return {
		here,
		away,
		storeId: store.id,
		itemId: item.id,
		tableId: table.id,
		tableCode: table.code,
		freeTableId: byNumber(4).id,
		sessionId: active.id,
		pendingSessionId: pending.id,
		callId: call.id,
		tokens: { diner: active.token, diner_other_table: other.token, diner_ended: ended.token },
		orderId: order.id,
		targetUserId: target.id,
		invitationId: invitation.id,
		vendorId: vendor.id,
		mealId: meal.id,
		poId: po.id,
		poLineId: poLine.id,
		menuId: menu.id,
		daypartId: daypart.id,
		placementId: placement.id,
		countId: count.id,
		users: {
			staff: await role('staff', [here.id]),
			manager_in: await role('manager', [here.id]),
			manager_out: await role('manager', [away.id]),
			kiosk: await role('kiosk', [here.id]),
			admin: await role('admin', [])
		}
	};
}

const roleOf: Record<Staff, Role> = {
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
	if (route.gate === 'diner') {
		// Staff cookies are no customer token; a token of another table or of an ended session
		// is refused.
		if (!isDiner(caller)) return { status: 401 };
		return caller === 'diner' ? { allowed: true } : { status: 403 };
	}
	// A customer token is no staff session.
	if (caller === 'anonymous' || isDiner(caller)) return { status: 401 };
	const role = roleOf[caller];
	if (route.gate !== 'session' && !route.gate.includes(role)) return { status: 403 };
	if (caller === 'manager_out' && route.scope) {
		const o = outOfScope(route);
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

describe('the write log behind the fingerprint', () => {
	it('changes on a committed write, an update of one row and a delete; not on a rollback or a no-op', async () => {
		let before = await fingerprint();
		const [v] =
			await sql`insert into vendors (name) values (${'Log ' + randomUUID()}) returning id`;
		expect(await fingerprint()).not.toBe(before);
		before = await fingerprint();
		await sql`update vendors set name = name where id = ${v.id}`;
		expect(await fingerprint()).not.toBe(before);
		before = await fingerprint();
		await sql`delete from vendors where id = ${v.id}`;
		expect(await fingerprint()).not.toBe(before);
		before = await fingerprint();
		await sql
			.begin(async (tx) => {
				await tx`insert into vendors (name) values ('Rolled back')`;
				throw new Error('roll back');
			})
			.catch(() => {});
		await sql`update locations set name = name where id = ${randomUUID()}`;
		expect(await fingerprint()).toBe(before);
	});
});

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
			// 'Not Found' / 'Method Not Allowed' (as text, or as the envelope's message);
			// handlers name what they did not find.
			const message = text.startsWith('{') ? JSON.parse(text).error?.message : text;
			if (res.status === 405 || (res.status === 404 && message === 'Not Found')) {
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
			'POST /api/v1/saavor/webhook',
			'GET /api/realtime-config',
			'GET /api/customer/{branchSlug}/{tableCode}/menu',
			'POST /api/customer/{branchSlug}/{tableCode}/session',
			'POST /api/customer/{branchSlug}/{tableCode}/register',
			'GET /api/customer/{branchSlug}/{tableCode}/check-session',
			'GET /api/customer/{branchSlug}/{tableCode}/session-status/{sessionId}'
		]);
		for (const r of ROUTES) {
			expect(r.gate === 'public', `${r.method} ${r.path} public?`).toBe(
				PUBLIC.has(`${r.method} ${r.path}`)
			);
		}
		// The table-session contract: staff routes are for people (no kiosk), the rest of the
		// diner routes need the customer token.
		for (const r of ROUTES.filter((r) => r.path.startsWith('/api/tables/'))) {
			expect(r.gate, `${r.method} ${r.path}`).toEqual(['staff', 'manager', 'admin']);
		}
		for (const r of ROUTES.filter((r) => r.path.startsWith('/api/customer/'))) {
			expect(r.gate, `${r.method} ${r.path}`).toBe(
				PUBLIC.has(`${r.method} ${r.path}`) ? 'public' : 'diner'
			);
		}
	});

	for (const route of ROUTES) {
		it(
			`${route.method} ${route.path}`,
			async () => {
				const ctx = await setup();
				const key = `${route.method} ${route.path}`;
				const body = route.method === 'GET' ? undefined : JSON.stringify(BODIES[key]?.(ctx) ?? {});
				// Denied callers first: allowed ones may legitimately change or delete the fixtures.
				const order = [...CALLERS].sort(
					(a, b) =>
						Number('allowed' in expected(route, a)) - Number('allowed' in expected(route, b))
				);
				for (const caller of order) {
					const exp = expected(route, caller);
					const before = route.method !== 'GET' && !('allowed' in exp) ? await fingerprint() : null;
					const ctrl = new AbortController();
					const res = await fetch(base + target(route, ctx, caller), {
						method: route.method,
						signal: ctrl.signal,
						headers: {
							...headersOf(ctx, caller),
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
			},
			ROUTE_BUDGET_MS
		);
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
		it(
			`${route.method} ${route.path}`,
			async () => {
				const ctx = await setup();
				const key = `${route.method} ${route.path}`;
				const who: Caller =
					route.gate === 'diner'
						? 'diner'
						: route.gate === 'session' || route.gate.includes('admin')
							? 'admin'
							: 'manager_in';
				const goodPath = target(route, ctx, who);
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
						headers: { ...headersOf(ctx, who), 'content-type': 'application/json' },
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
			},
			ROUTE_BUDGET_MS
		);
	}
});

// Generated junk (fast-check) on every write route, public ones included: control characters
// and NUL, lone surrogates, numbers JSON.parse turns into Infinity or -0, huge strings and
// bodies, deep nesting, and wrong or missing content types, in bodies and path parameters.
// Whatever the route, the answer is below 500, and a 4xx writes nothing.
describe('fuzzed input on every write route (from the route table)', () => {
	// Runs per route: enough to hit each kind of junk on each field a few times while the
	// whole block stays within a couple of minutes on PGlite.
	const RUNS = 12;
	const counts = { requests: 0, '2xx': 0, '4xx': 0, '5xx': 0 };
	afterAll(() => console.log('fuzz:', JSON.stringify(counts)));

	const RAW = '"\u0001raw\u0001"';
	const nastyText = fc.oneof(
		{ arbitrary: fc.string({ unit: 'binary', maxLength: 24 }), weight: 4 },
		{
			arbitrary: fc.constantFrom(
				'\u0000',
				'a\u0000b',
				'\uD800',
				'x\uDFFFy',
				'\uDBFF\uD800',
				'\u001b[31m',
				'\u007f\u0085',
				'\u202Eevil',
				'\r\n\t',
				'',
				' '
			),
			weight: 4
		},
		{ arbitrary: fc.constant('z'.repeat(600_000)), weight: 1 }
	);
	// Literals JSON.stringify cannot produce, spliced into the text.
	const rawNumber = fc.constantFrom(
		'1e309',
		'-1e309',
		'-0',
		'1e-400',
		'9007199254740993',
		'1'.repeat(400),
		'0.1e99999'
	);
	const value = fc.oneof(
		nastyText.map((s) => ({ json: s })),
		rawNumber.map((raw) => ({ raw })),
		fc.jsonValue({ maxDepth: 3 }).map((json) => ({ json }))
	);
	const wholeBody = fc.constantFrom(
		'',
		'{"a":"' + 'x'.repeat(700_000) + '"}',
		'['.repeat(5000) + ']'.repeat(5000),
		'{"a":1,"a":2}',
		'\uFEFF{}',
		'{"x":"\\ud800"}',
		'{"x":"\\u0000"}'
	);
	const contentType = fc.constantFrom(
		'application/json',
		'application/json',
		'application/json; charset=utf-16',
		'text/plain',
		'application/x-www-form-urlencoded',
		'multipart/form-data; boundary=x',
		'application/xml',
		undefined
	);
	const pathJunk = fc.constantFrom(
		'%00',
		'%ED%A0%80',
		'%C0%AF',
		'%FF',
		'a%0Ab',
		'%E2%80%AE',
		'1e309'
	);

	for (const route of ROUTES.filter((r) => r.method !== 'GET')) {
		const key = `${route.method} ${route.path}`;
		const who: Caller =
			route.gate === 'public'
				? 'anonymous'
				: route.gate === 'diner'
					? 'diner'
					: route.gate === 'session' || route.gate.includes('admin')
						? 'admin'
						: 'manager_in';
		it(
			key,
			async () => {
				const ctx = await setup();
				const good = (BODIES[key]?.(ctx) ?? {}) as Record<string, unknown>;
				const fields = Object.keys(good);
				const bodyCase = fc.oneof(
					fc
						.record({
							field: fields.length ? fc.constantFrom(...fields) : fc.constant('name'),
							value
						})
						.map(({ field, value }) => {
							const text = JSON.stringify({ ...good, [field]: 'raw' in value ? RAW : value.json });
							return 'raw' in value ? text.replace(RAW, value.raw) : text;
						}),
					wholeBody
				);
				const params = route.path.match(/\{\w+\}/g) ?? [];
				const pathCase = params.length
					? fc.option(fc.record({ param: fc.constantFrom(...params), junk: pathJunk }), { freq: 3 })
					: fc.constant(null);
				// Counterexamples are printed cut short: a 700 KB body would bury the failure.
				const shown = bodyCase.map((body) => ({
					body,
					[fc.toStringMethod]: () => JSON.stringify(body.slice(0, 120))
				}));
				await fc.assert(
					fc.asyncProperty(shown, contentType, pathCase, async ({ body }, type, junkPath) => {
						let path = target(route, ctx, who);
						if (junkPath) {
							const [p, q] = path.split('?');
							const filled = route.path.replace(/\{(\w+)\}/g, (m, name) =>
								m === junkPath.param
									? junkPath.junk
									: (PARAMS[name]?.(ctx, route.path) ?? randomUUID())
							);
							path = q ? `${filled}?${q}` : filled;
							void p;
						}
						const before = await fingerprint();
						const headers: Record<string, string> = { ...headersOf(ctx, who) };
						if (type) headers['content-type'] = type;
						// Same-origin, as a browser sends it: the junk must reach the handler, not stop
						// at the cross-origin check.
						headers.origin = base;
						const res = await fetch(base + path, { method: route.method, headers, body });
						const text = await res.text();
						counts.requests++;
						counts[res.status >= 500 ? '5xx' : res.status >= 400 ? '4xx' : '2xx']++;
						const label = `${key} ${path.slice(0, 80)} [${type}] ${body.slice(0, 80)} → ${res.status}: ${text.slice(0, 160)}`;
						expect(res.status, label).toBeLessThan(500);
						if (res.status >= 400) {
							expect(text.trim().length, `${label} (no message)`).toBeGreaterThan(0);
							expect(await fingerprint(), `${label} changed data`).toBe(before);
						}
					}),
					{ numRuns: RUNS }
				);
			},
			ROUTE_BUDGET_MS
		);
	}
});
