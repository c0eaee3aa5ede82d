// Route-table rows of dining tables and table sessions: the /api/v1 table admin, and the
// table-session contract (/api/tables/... for staff, /api/customer/... for diners), which
// answers in the { success, data | error } envelope. Spread into ROUTES by auth/routes.ts.
import { HUMAN, MANAGER, type RouteSpec } from '../auth/gates';

const CUSTOMER = '/api/customer/{branchSlug}/{tableCode}';

export const TABLE_ROUTES: RouteSpec[] = [
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

	// Table sessions, staff side. Scope is the session's (or table's) location: a session of
	// another branch is "not found", lists are filtered to the caller's branches.
	{ method: 'GET', path: '/api/tables/sessions', gate: HUMAN, scope: 'resource' },
	{
		method: 'POST',
		path: '/api/tables/sessions',
		gate: HUMAN,
		scope: 'resource',
		outOfScope: 'not_found'
	},
	{ method: 'GET', path: '/api/tables/sessions/pending', gate: HUMAN, scope: 'resource' },
	{
		method: 'GET',
		path: '/api/tables/sessions/{id}',
		gate: HUMAN,
		scope: 'resource',
		outOfScope: 'not_found'
	},
	...(['approve', 'reject', 'end'] as const).map((action): RouteSpec => ({
		method: 'PATCH',
		path: `/api/tables/sessions/{id}/${action}`,
		gate: HUMAN,
		scope: 'resource',
		outOfScope: 'not_found'
	})),
	{ method: 'GET', path: '/api/tables/calls', gate: HUMAN, scope: 'resource' },
	{
		method: 'PATCH',
		path: '/api/tables/calls/{id}/ack',
		gate: HUMAN,
		scope: 'resource',
		outOfScope: 'not_found'
	},
	// Branch channel as SSE, for ?location_id= of the caller's branches.
	{
		method: 'GET',
		path: '/api/tables/events',
		gate: HUMAN,
		scope: 'resource',
		outOfScope: 'forbidden'
	},

	// Diner side. Public: the menu and asking for the table (the answer carries the token).
	{ method: 'GET', path: `${CUSTOMER}/menu`, gate: 'public' },
	{ method: 'POST', path: `${CUSTOMER}/session`, gate: 'public' },
	{ method: 'POST', path: `${CUSTOMER}/register`, gate: 'public' },
	{ method: 'GET', path: `${CUSTOMER}/check-session`, gate: 'public' },
	{ method: 'GET', path: `${CUSTOMER}/session-status/{sessionId}`, gate: 'public' },
	// With the token of an approved session of this table.
	{ method: 'GET', path: `${CUSTOMER}/orders`, gate: 'diner' },
	{ method: 'POST', path: `${CUSTOMER}/orders`, gate: 'diner' },
	{ method: 'POST', path: `${CUSTOMER}/calls`, gate: 'diner' },
	{ method: 'GET', path: `${CUSTOMER}/calls`, gate: 'diner', addition: true },
	// The wait screen, with the pending request's own token (additions): remind the staff after
	// a minute, or withdraw the request.
	{
		method: 'POST',
		path: `${CUSTOMER}/session/remind`,
		gate: 'diner',
		session: 'open',
		addition: true
	},
	{
		method: 'POST',
		path: `${CUSTOMER}/session/cancel`,
		gate: 'diner',
		session: 'open',
		addition: true
	},
	// The diner's own session channel; open while pending too, so approval arrives live.
	{ method: 'GET', path: `${CUSTOMER}/events`, gate: 'diner', session: 'open', token: 'query' }
];
