// The route table: every API route of all three families with its gate —
//   /api/v1/...                      PrepTable contract, plain-text errors
//   /api/tables/..., /api/customer/  table-session contract, { success, data | error } envelope
//   /api/realtime-config             where pages find the realtime sidecar
// Route files export only handlers built by `gated()`, `open()` or `asDiner()` below, which
// apply the row's gate; the authorization matrix (tests/integration/authz-matrix.test.ts) is
// generated from this table, and src/lib/server/auth/routes.test.ts fails when a route file
// exports a method without a row or a row has no handler.
//
// Gates and scopes are described in ./gates.ts. A domain keeps its rows in
// `src/lib/server/<domain>/routes.ts` (exporting a RouteSpec[]) and they are spread in here.
import type { RequestEvent, RequestHandler } from '@sveltejs/kit';
import { route } from '../http/handler';
import { ApiError } from '../http/errors';
import { dinerGate, type Diner } from '../tables/gate';
import { INVENTORY_ROUTES } from '../inventory/routes';
import { KITCHEN_ROUTES } from '../kitchen/routes';
import { TABLE_ROUTES } from '../tables/routes';
import { ADMIN, ANY, HUMAN, MANAGER, outOfScope, type Method, type RouteSpec } from './gates';
import type { Identity } from './identity';
import { inScope } from './identity';
import { PURCHASING_ROUTES } from '../purchasing/routes';
import { COSTING_ROUTES } from '../costing/routes';
import { MENU_ROUTES } from '../menus/routes';
import { COUNT_ROUTES } from '../counts/routes';

export type { Diner };
export { GATES, METHODS, type Gate, type Method, type RouteSpec } from './gates';

const CORE_ROUTES: RouteSpec[] = [
	{ method: 'GET', path: '/api/v1/healthz', gate: 'public' },
	{ method: 'GET', path: '/api/realtime-config', gate: 'public' },
	// Auth
	{ method: 'POST', path: '/api/v1/auth/register/options', gate: 'public' },
	{ method: 'POST', path: '/api/v1/auth/register/verify', gate: 'public' },
	{ method: 'POST', path: '/api/v1/auth/login/options', gate: 'public' },
	{ method: 'POST', path: '/api/v1/auth/login/verify', gate: 'public' },
	{ method: 'GET', path: '/api/v1/auth/invitations/{token}', gate: 'public' },
	{ method: 'GET', path: '/api/v1/auth/me', gate: 'session' },
	{ method: 'POST', path: '/api/v1/auth/logout', gate: 'session' },
	{ method: 'GET', path: '/api/v1/auth/sessions', gate: 'session' },
	{ method: 'POST', path: '/api/v1/auth/sessions/revoke', gate: 'session' },
	{ method: 'GET', path: '/api/v1/auth/credentials', gate: HUMAN },
	{ method: 'POST', path: '/api/v1/auth/credentials/options', gate: HUMAN },
	{ method: 'POST', path: '/api/v1/auth/credentials/verify', gate: HUMAN },
	{ method: 'DELETE', path: '/api/v1/auth/credentials/{credID}', gate: HUMAN },
	// Admin
	{ method: 'GET', path: '/api/v1/admin/users', gate: ADMIN },
	{ method: 'PUT', path: '/api/v1/admin/users/{userID}/role', gate: ADMIN },
	// Not in the reference: disabling someone who left (status is in /auth/me's user).
	{ method: 'PUT', path: '/api/v1/admin/users/{userID}/status', gate: ADMIN },
	{ method: 'GET', path: '/api/v1/admin/users/{userID}/locations', gate: ADMIN },
	{ method: 'PUT', path: '/api/v1/admin/users/{userID}/locations', gate: ADMIN },
	{ method: 'POST', path: '/api/v1/admin/invitations', gate: ADMIN },
	{ method: 'GET', path: '/api/v1/admin/invitations', gate: ADMIN },
	{ method: 'DELETE', path: '/api/v1/admin/invitations/{invitationID}', gate: ADMIN },
	{ method: 'GET', path: '/api/v1/admin/audit-log', gate: ADMIN },
	// Locations and kiosks
	{ method: 'GET', path: '/api/v1/locations', gate: ANY },
	{ method: 'POST', path: '/api/v1/locations', gate: ADMIN },
	{
		method: 'GET',
		path: '/api/v1/locations/{locationID}',
		gate: ANY,
		scope: 'location',
		outOfScope: 'not_found'
	},
	{ method: 'PUT', path: '/api/v1/locations/{locationID}', gate: ADMIN },
	{ method: 'DELETE', path: '/api/v1/locations/{locationID}', gate: ADMIN },
	{ method: 'POST', path: '/api/v1/locations/{locationID}/kiosk_token/rotate', gate: ADMIN },
	{ method: 'POST', path: '/api/v1/locations/kiosk_token/rotate_all', gate: ADMIN },
	{ method: 'POST', path: '/api/v1/signage/auth', gate: 'public' },
	// Stores (campus-scoped writes are checked against the store's location in the handler)
	{ method: 'GET', path: '/api/v1/stores', gate: HUMAN, scope: 'resource' },
	{ method: 'POST', path: '/api/v1/stores', gate: ADMIN },
	{
		method: 'GET',
		path: '/api/v1/stores/{storeID}',
		gate: HUMAN,
		scope: 'resource',
		outOfScope: 'not_found'
	},
	{ method: 'PUT', path: '/api/v1/stores/{storeID}', gate: MANAGER, scope: 'resource' },
	{ method: 'DELETE', path: '/api/v1/stores/{storeID}', gate: MANAGER, scope: 'resource' }
];

/** Every API route. Domains' rows are spread in; the order is only the matrix's order. */
export const ROUTES: RouteSpec[] = [
	...CORE_ROUTES,
	...TABLE_ROUTES,
	...KITCHEN_ROUTES,
	...PURCHASING_ROUTES,
	...COSTING_ROUTES,
	...INVENTORY_ROUTES,
	...MENU_ROUTES,
	...COUNT_ROUTES
];

const index = new Map<string, RouteSpec>();
for (const r of ROUTES) {
	const key = `${r.method} ${r.path}`;
	if (index.has(key)) throw new Error(`route ${key} is in the route table twice`);
	if (r.gate === 'diner' && !r.path.includes('{branchSlug}/{tableCode}'))
		throw new Error(`route ${key}: the diner gate needs {branchSlug}/{tableCode} in the path`);
	index.set(key, r);
}

export function spec(method: Method, path: string): RouteSpec {
	const s = index.get(`${method} ${path}`);
	if (!s) throw new Error(`route ${method} ${path} is not in the route table (auth/routes.ts)`);
	return s;
}

/** Applies the authentication, role and (path) scope gates of a staff or public row. */
export function authorize(
	s: RouteSpec,
	event: Pick<RequestEvent, 'locals' | 'params'>
): Identity | null {
	if (s.gate === 'public') return event.locals.identity ?? null;
	if (s.gate === 'diner') throw new Error(`${s.method} ${s.path} has the diner gate`);
	const identity = event.locals.identity;
	if (!identity) throw new ApiError(401, 'Unauthorized');
	if (s.gate !== 'session' && !s.gate.includes(identity.role)) throw new ApiError(403, 'Forbidden');
	if (s.scope === 'location' && outOfScope(s) === 'forbidden') {
		const loc = event.params.locationID;
		// A malformed or unknown id is out of everyone's scope but an admin's; the handler 404s.
		if (loc && !inScope(identity, loc)) throw new ApiError(403, 'Forbidden');
	}
	return identity;
}

// Each handler built here carries its row, so the completeness test can check that every
// exported method of a route file went through the gate of its own row.
const ROW = Symbol.for('preptable.route-spec');

function tagged(s: RouteSpec, handler: RequestHandler): RequestHandler {
	return Object.assign(handler, { [ROW]: s });
}

/** The route-table row a handler was built from, if it was built by this module. */
export function rowOf(handler: unknown): RouteSpec | undefined {
	return typeof handler === 'function'
		? (handler as unknown as Record<symbol, RouteSpec | undefined>)[ROW]
		: undefined;
}

type Authorized = (event: RequestEvent, identity: Identity) => Promise<Response> | Response;
type Public = (event: RequestEvent, identity: Identity | null) => Promise<Response> | Response;
type DinerHandler = (event: RequestEvent, diner: Diner) => Promise<Response> | Response;

/**
 * A handler behind a 'session' or role gate, with the error convention of its path:
 *   export const GET = gated('GET', '/api/v1/stores/{storeID}', async (event, me) => ...)
 */
export function gated(method: Method, path: string, fn: Authorized): RequestHandler {
	const s = spec(method, path);
	if (s.gate === 'public' || s.gate === 'diner')
		throw new Error(
			`${method} ${path} has the ${s.gate} gate: use ${s.gate === 'public' ? 'open' : 'asDiner'}()`
		);
	return tagged(
		s,
		route((event) => fn(event, authorize(s, event)!))
	);
}

/** A row the table marks public; the signed-in identity is passed when there is one. */
export function open(method: Method, path: string, fn: Public): RequestHandler {
	const s = spec(method, path);
	if (s.gate !== 'public') throw new Error(`${method} ${path} is not public: use gated()`);
	return tagged(
		s,
		route((event) => fn(event, authorize(s, event)))
	);
}

/** A row with the diner gate: the handler gets the table, the session and the token's claims. */
export function asDiner(method: Method, path: string, fn: DinerHandler): RequestHandler {
	const s = spec(method, path);
	if (s.gate !== 'diner') throw new Error(`${method} ${path} has no diner gate`);
	return tagged(
		s,
		route(async (event) => fn(event, await dinerGate(s, event)))
	);
}

/** The /api/v1 spellings of gated() and open(). */
export const v1 = gated;
export const v1Public = open;
