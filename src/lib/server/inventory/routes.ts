// Inventory routes of the route table (spread into ROUTES in auth/routes.ts). Store-bound
// routes are scope 'resource': the handler loads the store and checks its location (writes
// outside scope 403, reads 404 like GET /stores/{storeID}). The catalog is admin-only.
import { ADMIN, HUMAN, MANAGER, type RouteSpec } from '../auth/gates';

export const INVENTORY_ROUTES: RouteSpec[] = [
	// Items (catalog)
	{ method: 'GET', path: '/api/v1/items', gate: HUMAN },
	{ method: 'POST', path: '/api/v1/items', gate: ADMIN },
	{ method: 'GET', path: '/api/v1/items/{itemID}', gate: HUMAN },
	{ method: 'PUT', path: '/api/v1/items/{itemID}', gate: ADMIN },
	{ method: 'DELETE', path: '/api/v1/items/{itemID}', gate: ADMIN },
	// Levels in the stores of the caller's scope (out of scope: an empty list).
	{ method: 'GET', path: '/api/v1/items/{itemID}/inventory', gate: HUMAN, scope: 'resource' },
	{ method: 'GET', path: '/api/v1/items/low', gate: HUMAN, scope: 'resource' },
	{
		method: 'GET',
		path: '/api/v1/locations/{locationID}/inventory',
		gate: HUMAN,
		scope: 'location'
	},
	{
		method: 'GET',
		path: '/api/v1/stores/{storeID}/inventory',
		gate: HUMAN,
		scope: 'resource',
		outOfScope: 'not_found'
	},
	// The ledger: set-quantity, adjust, waste (operational writes: staff too, in their campus).
	{
		method: 'PUT',
		path: '/api/v1/stores/{storeID}/items/{itemID}',
		gate: HUMAN,
		scope: 'resource'
	},
	{
		method: 'POST',
		path: '/api/v1/items/{itemID}/stores/{storeID}/adjust',
		gate: HUMAN,
		scope: 'resource'
	},
	{ method: 'POST', path: '/api/v1/items/{itemID}/waste', gate: HUMAN, scope: 'resource' },
	{
		method: 'GET',
		path: '/api/v1/stores/{storeID}/movements',
		gate: HUMAN,
		scope: 'resource',
		outOfScope: 'not_found'
	},
	{
		method: 'GET',
		path: '/api/v1/stores/{storeID}/usage',
		gate: HUMAN,
		scope: 'resource',
		outOfScope: 'not_found'
	},
	// Addition: the usage window per day (the reports chart), same filters as /usage.
	{
		method: 'GET',
		path: '/api/v1/stores/{storeID}/usage/daily',
		gate: HUMAN,
		scope: 'resource',
		outOfScope: 'not_found',
		addition: true
	},
	// Additions to the reference (issue 14): the store a location's sales are taken from
	// (README, "Sales deplete stock"); read by anyone in the campus, set by its manager.
	{
		method: 'GET',
		path: '/api/v1/locations/{locationID}/line-store',
		gate: HUMAN,
		scope: 'location',
		outOfScope: 'not_found',
		addition: true
	},
	{
		method: 'PUT',
		path: '/api/v1/locations/{locationID}/line-store',
		gate: MANAGER,
		scope: 'location',
		addition: true
	},
	// Additions to the reference: par levels and reorder points per item per location
	// (DESIGN.md, "Low stock"); writes are manager-of-location.
	{
		method: 'GET',
		path: '/api/v1/locations/{locationID}/pars',
		gate: HUMAN,
		scope: 'location',
		addition: true
	},
	{
		method: 'PUT',
		path: '/api/v1/locations/{locationID}/items/{itemID}/par',
		gate: MANAGER,
		scope: 'location',
		addition: true
	},
	{
		method: 'DELETE',
		path: '/api/v1/locations/{locationID}/items/{itemID}/par',
		gate: MANAGER,
		scope: 'location',
		addition: true
	},
	// Additions to the reference (issue 12): where items sit in a store, the walk of its counts
	// (inventory/places.ts). Read by everyone in the campus; placed, moved, reordered (the whole
	// walk at once) and removed by its managers. Out of scope is 404 for writes too: the store is
	// looked up within the caller's campuses, like every read of a store.
	{
		method: 'GET',
		path: '/api/v1/stores/{storeID}/places',
		gate: HUMAN,
		scope: 'resource',
		outOfScope: 'not_found',
		addition: true
	},
	{
		method: 'PUT',
		path: '/api/v1/stores/{storeID}/places',
		gate: MANAGER,
		scope: 'resource',
		outOfScope: 'not_found',
		addition: true
	},
	{
		method: 'PUT',
		path: '/api/v1/stores/{storeID}/places/{itemID}',
		gate: MANAGER,
		scope: 'resource',
		outOfScope: 'not_found',
		addition: true
	},
	{
		method: 'DELETE',
		path: '/api/v1/stores/{storeID}/places/{itemID}',
		gate: MANAGER,
		scope: 'resource',
		outOfScope: 'not_found',
		addition: true
	}
];
