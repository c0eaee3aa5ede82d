// Route-table rows of menus, dayparts, placements, the live menu and menu-health (spread into
// ROUTES in auth/routes.ts). Menus are tenant-global: admins write. Dayparts and placements
// are per location: managers of the location write; staff of the location may toggle a
// placement's sold_out (the PUT checks the fields; DESIGN.md, "Dayparts and placements").
import { ADMIN, ANY, HUMAN, MANAGER, type RouteSpec } from '../auth/gates';

export const MENU_ROUTES: RouteSpec[] = [
	{ method: 'GET', path: '/api/v1/menus', gate: HUMAN },
	{ method: 'POST', path: '/api/v1/menus', gate: ADMIN },
	{ method: 'GET', path: '/api/v1/menus/{menuID}', gate: HUMAN },
	{ method: 'PUT', path: '/api/v1/menus/{menuID}', gate: ADMIN },
	{ method: 'DELETE', path: '/api/v1/menus/{menuID}', gate: ADMIN },
	{
		method: 'GET',
		path: '/api/v1/locations/{locationID}/dayparts',
		gate: HUMAN,
		scope: 'location'
	},
	{
		method: 'POST',
		path: '/api/v1/locations/{locationID}/dayparts',
		gate: MANAGER,
		scope: 'location'
	},
	{ method: 'PUT', path: '/api/v1/dayparts/{daypartID}', gate: MANAGER, scope: 'resource' },
	{ method: 'DELETE', path: '/api/v1/dayparts/{daypartID}', gate: MANAGER, scope: 'resource' },
	{
		method: 'GET',
		path: '/api/v1/locations/{locationID}/placements',
		gate: HUMAN,
		scope: 'location'
	},
	{
		method: 'POST',
		path: '/api/v1/locations/{locationID}/placements',
		gate: MANAGER,
		scope: 'location'
	},
	// Staff too: the 86 (sold_out only; any other field is 403 for staff).
	{ method: 'PUT', path: '/api/v1/placements/{placementID}', gate: HUMAN, scope: 'resource' },
	{ method: 'DELETE', path: '/api/v1/placements/{placementID}', gate: MANAGER, scope: 'resource' },
	// Kiosks too: the signage screen shows it. Another location's live menu is a 404.
	{
		method: 'GET',
		path: '/api/v1/locations/{locationID}/menu/current',
		gate: ANY,
		scope: 'location',
		outOfScope: 'not_found'
	},
	// Deterministic variety and cost checks; manager of the location (staff 403). Another
	// location's report is a 403 (an empty list would read as "all healthy").
	{
		method: 'GET',
		path: '/api/v1/menu-health',
		gate: MANAGER,
		scope: 'resource',
		outOfScope: 'forbidden'
	},
	// Addition: each location's signage screen, its token rotation and when it was last seen.
	{ method: 'GET', path: '/api/v1/signage/kiosks', gate: ADMIN, addition: true }
];
