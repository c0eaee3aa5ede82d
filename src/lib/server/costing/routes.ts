// Route-table rows of recipe costing (spread into ROUTES in auth/routes.ts).
import { ADMIN, HUMAN, type RouteSpec } from '../auth/gates';

export const COSTING_ROUTES: RouteSpec[] = [
	// Meals are tenant-global like items: the cost rollup feeds every campus, so admins write.
	{ method: 'GET', path: '/api/v1/meals', gate: HUMAN },
	{ method: 'POST', path: '/api/v1/meals', gate: ADMIN },
	{ method: 'GET', path: '/api/v1/meals/{mealID}', gate: HUMAN },
	{ method: 'PUT', path: '/api/v1/meals/{mealID}', gate: ADMIN },
	{ method: 'DELETE', path: '/api/v1/meals/{mealID}', gate: ADMIN }
];
