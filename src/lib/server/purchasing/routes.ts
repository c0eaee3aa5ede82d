// Route-table rows of purchasing (spread into ROUTES in auth/routes.ts).
import { ADMIN, HUMAN, type RouteSpec } from '../auth/gates';

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
	{ method: 'GET', path: '/api/v1/items/{itemID}/vendors', gate: HUMAN }
];
