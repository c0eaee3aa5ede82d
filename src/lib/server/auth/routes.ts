// The route table: every /api/v1 route with its gate. Routes enforce it through `v1()` below,
// and the authorization matrix test (tests/integration/authz-matrix.test.ts) is generated
// from it, so a route missing here is a route the matrix cannot see: add new routes here.
//
//   gate 'public'        no session needed
//   gate 'session'       any signed-in identity (staff, manager, admin, kiosk)
//   gate Role[]          role gate: 401 without a session, 403 for other roles
//   scope 'location'     scope gate on {locationID} in the path: writes outside the caller's
//                        user_locations are 403 here; reads get `outOfScope` (the handler
//                        filters them to an empty list or 404, or they are 403 here)
//   scope 'resource'     the handler checks the location of the resource it loads: writes
//                        outside scope 403, reads `outOfScope`
//   Admins pass every scope gate.
import type { RequestEvent, RequestHandler } from '@sveltejs/kit';
import { route } from '../http/handler';
import { ApiError } from '../http/errors';
import type { Identity, Role } from './identity';
import { inScope } from './identity';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Gate = 'public' | 'session' | readonly Role[];

export interface RouteSpec {
	method: Method;
	/** Path as the API reference writes it, e.g. /api/v1/stores/{storeID} */
	path: string;
	gate: Gate;
	scope?: 'location' | 'resource';
	/** What an out-of-scope caller gets from this GET route (default 'empty'). */
	outOfScope?: 'empty' | 'not_found' | 'forbidden';
}

const ANY: readonly Role[] = ['staff', 'manager', 'admin', 'kiosk'];
const HUMAN: readonly Role[] = ['staff', 'manager', 'admin'];
const MANAGER: readonly Role[] = ['manager', 'admin'];
const ADMIN: readonly Role[] = ['admin'];
export const GATES = { ANY, HUMAN, MANAGER, ADMIN };

export const ROUTES: RouteSpec[] = [
	{ method: 'GET', path: '/api/v1/healthz', gate: 'public' },
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
	// Dining tables (QR codes point diners to /{branchSlug}/{tableCode})
	{ method: 'GET', path: '/api/v1/locations/{locationID}/tables', gate: HUMAN, scope: 'location' },
	{
		method: 'POST',
		path: '/api/v1/locations/{locationID}/tables',
		gate: MANAGER,
		scope: 'location'
	},
	{
		method: 'DELETE',
		path: '/api/v1/locations/{locationID}/tables/{tableID}',
		gate: MANAGER,
		scope: 'location'
	},
	{
		method: 'GET',
		path: '/api/v1/locations/{locationID}/tables/qr',
		gate: HUMAN,
		scope: 'location'
	},
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
	{ method: 'DELETE', path: '/api/v1/stores/{storeID}', gate: MANAGER, scope: 'resource' },
	// Kitchen display and Saavor
	{ method: 'GET', path: '/api/v1/locations/{locationID}/orders', gate: HUMAN, scope: 'location' },
	{
		method: 'POST',
		path: '/api/v1/locations/{locationID}/orders/{orderID}/transition',
		gate: HUMAN,
		scope: 'location'
	},
	{ method: 'POST', path: '/api/v1/saavor/webhook', gate: 'public' },
	{ method: 'POST', path: '/api/v1/saavor/orders/prepared', gate: HUMAN, scope: 'resource' },
	{ method: 'GET', path: '/api/v1/saavor/payloads', gate: ADMIN },
	{ method: 'GET', path: '/api/v1/saavor/payloads/{payloadID}', gate: ADMIN },
	{ method: 'POST', path: '/api/v1/saavor/test/inbound', gate: ADMIN },
	{ method: 'POST', path: '/api/v1/saavor/test/outbound', gate: ADMIN },
	{
		method: 'GET',
		path: '/api/v1/locations/{locationID}/events',
		gate: HUMAN,
		scope: 'location',
		outOfScope: 'forbidden'
	}
];

const index = new Map(ROUTES.map((r) => [`${r.method} ${r.path}`, r]));

export function spec(method: Method, path: string): RouteSpec {
	const s = index.get(`${method} ${path}`);
	if (!s) throw new Error(`route ${method} ${path} is not in the route table (auth/routes.ts)`);
	return s;
}

/** Applies the authentication, role and (path) scope gates of a route spec. */
export function authorize(
	s: RouteSpec,
	event: Pick<RequestEvent, 'locals' | 'params'>
): Identity | null {
	if (s.gate === 'public') return event.locals.identity ?? null;
	const identity = event.locals.identity;
	if (!identity) throw new ApiError(401, 'Unauthorized');
	if (s.gate !== 'session' && !s.gate.includes(identity.role)) throw new ApiError(403, 'Forbidden');
	if (s.scope === 'location' && (s.method !== 'GET' || s.outOfScope === 'forbidden')) {
		const loc = event.params.locationID;
		// A malformed or unknown id is out of everyone's scope but an admin's; the handler 404s.
		if (loc && !inScope(identity, loc)) throw new ApiError(403, 'Forbidden');
	}
	return identity;
}

type Authorized = (event: RequestEvent, identity: Identity) => Promise<Response> | Response;
type Public = (event: RequestEvent, identity: Identity | null) => Promise<Response> | Response;

/**
 * Wraps a /api/v1 handler with its route-table gates and the plain-text error convention:
 *   export const GET = v1('GET', '/api/v1/stores/{storeID}', async (event, me) => ...)
 */
export function v1(method: Method, path: string, fn: Authorized): RequestHandler {
	const s = spec(method, path);
	if (s.gate === 'public') throw new Error(`${method} ${path} is public: use v1Public()`);
	return route((event) => fn(event, authorize(s, event)!));
}

/** Same, for routes the table marks public; the identity is passed when there is one. */
export function v1Public(method: Method, path: string, fn: Public): RequestHandler {
	const s = spec(method, path);
	if (s.gate !== 'public') throw new Error(`${method} ${path} is not public: use v1()`);
	return route((event) => fn(event, authorize(s, event)));
}
