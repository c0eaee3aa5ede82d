// Route-table rows of purchasing (spread into ROUTES in auth/routes.ts).
import { ADMIN, HUMAN, MANAGER, type RouteSpec } from '../auth/gates';

export const PURCHASING_ROUTES: RouteSpec[] = [
	// Vendors and their offers are catalog data: one price feeds the item cost of every campus,
	// so every write here is admin-only (the reference marks vendor CRUD "admin write (catalog)").
	{ method: 'GET', path: '/api/v1/vendors', gate: HUMAN },
	{ method: 'POST', path: '/api/v1/vendors', gate: ADMIN },
	{ method: 'GET', path: '/api/v1/vendors/{vendorID}', gate: HUMAN },
	{ method: 'PUT', path: '/api/v1/vendors/{vendorID}', gate: ADMIN },
	{ method: 'DELETE', path: '/api/v1/vendors/{vendorID}', gate: ADMIN },
	{ method: 'GET', path: '/api/v1/vendors/{vendorID}/items', gate: HUMAN },
	{ method: 'PUT', path: '/api/v1/vendors/{vendorID}/items/{itemID}', gate: ADMIN },
	{ method: 'POST', path: '/api/v1/vendors/{vendorID}/items/{itemID}/preferred', gate: ADMIN },
	{ method: 'DELETE', path: '/api/v1/vendors/{vendorID}/items/{itemID}', gate: ADMIN },
	{ method: 'GET', path: '/api/v1/items/{itemID}/vendors', gate: HUMAN },
	// Purchase orders are campus-scoped (requireManagerOfLocation): the handler checks the PO's
	// location (or the body's location_id); staff read their campuses' orders.
	{ method: 'GET', path: '/api/v1/purchase-orders', gate: HUMAN, scope: 'resource' },
	{ method: 'POST', path: '/api/v1/purchase-orders', gate: MANAGER, scope: 'resource' },
	// Drafts from the campus's low-stock report (body location_id): one per preferred vendor.
	{
		method: 'POST',
		path: '/api/v1/purchase-orders/from-low-stock',
		gate: MANAGER,
		scope: 'resource'
	},
	{
		method: 'GET',
		path: '/api/v1/purchase-orders/{poID}',
		gate: HUMAN,
		scope: 'resource',
		outOfScope: 'not_found'
	},
	{ method: 'PUT', path: '/api/v1/purchase-orders/{poID}', gate: MANAGER, scope: 'resource' },
	{
		method: 'POST',
		path: '/api/v1/purchase-orders/{poID}/status',
		gate: MANAGER,
		scope: 'resource'
	},
	{ method: 'DELETE', path: '/api/v1/purchase-orders/{poID}', gate: MANAGER, scope: 'resource' },
	// Not in the reference (it documents no receiving route): a delivery against a submitted PO
	// (received packs per line, invoice price, target store), idempotent by client_id. A
	// campus-scoped write like the rest of the PO (it also moves the vendor's price).
	{
		method: 'POST',
		path: '/api/v1/purchase-orders/{poID}/receipts',
		gate: MANAGER,
		scope: 'resource',
		addition: true
	}
];
