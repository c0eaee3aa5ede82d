// The vocabulary of the route table (auth/routes.ts). Kept apart from the table so domain row
// files (`<domain>/routes.ts`) can import it without an import cycle through the table.
//
//   gate 'public'        no credentials needed (the handler may check its own, e.g. a webhook
//                        signature or a kiosk token)
//   gate 'session'       any signed-in identity (staff, manager, admin, kiosk)
//   gate Role[]          role gate: 401 without a session, 403 for other roles
//   gate 'diner'         customer JWT (Authorization: Bearer, or ?token= when `token: 'query'`)
//                        for the table in {branchSlug}/{tableCode}, whose session is active
//                        (`session: 'open'`: pending or active). 404 for an unknown table,
//                        401 without a valid token, 403 for another table or a session that
//                        is no longer active.
//   scope 'location'     scope gate on {locationID} in the path: outside the caller's
//                        user_locations is 403 here when `outOfScope` is 'forbidden' (the
//                        default for writes); reads default to 'empty' and are filtered by the
//                        handler
//   scope 'resource'     the handler checks the location of what it loads (or of a
//                        `location_id` query/body field) and answers as `outOfScope` says
//   Admins pass every scope gate.
import type { Role } from './identity';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export const METHODS: readonly Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export type Gate = 'public' | 'session' | 'diner' | readonly Role[];

export interface RouteSpec {
	method: Method;
	/** Path as the contract writes it, params in braces: /api/v1/stores/{storeID} */
	path: string;
	gate: Gate;
	scope?: 'location' | 'resource';
	/**
	 * What an out-of-scope caller gets: 'empty' (a filtered list), 'not_found' or 'forbidden'.
	 * Defaults: 'empty' for GET, 'forbidden' for writes.
	 */
	outOfScope?: 'empty' | 'not_found' | 'forbidden';
	/** Diner gate: which session states pass (default 'active'). */
	session?: 'active' | 'open';
	/** Diner gate: where the token is read (default 'bearer'; EventSource cannot send headers). */
	token?: 'bearer' | 'query';
	/** Not in the API reference: a route we added (say why next to it). */
	addition?: boolean;
}

export const ANY: readonly Role[] = ['staff', 'manager', 'admin', 'kiosk'];
export const HUMAN: readonly Role[] = ['staff', 'manager', 'admin'];
export const MANAGER: readonly Role[] = ['manager', 'admin'];
export const ADMIN: readonly Role[] = ['admin'];
export const GATES = { ANY, HUMAN, MANAGER, ADMIN };

/** What an out-of-scope caller gets from this route. */
export function outOfScope(s: RouteSpec): 'empty' | 'not_found' | 'forbidden' {
	return s.outOfScope ?? (s.method === 'GET' ? 'empty' : 'forbidden');
}
