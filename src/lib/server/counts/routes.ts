// Count and sync routes of the route table (spread into ROUTES in auth/routes.ts). All are
// additions to the reference (issue 12: offline counts and RxDB replication). Counts are
// started, approved and cancelled by managers of the store's location; the sync endpoints are
// for everyone who counts (staff too), scoped by `?location_id=` like the data they carry.
import { HUMAN, MANAGER, type RouteSpec } from '../auth/gates';

export const COUNT_ROUTES: RouteSpec[] = [
	{
		method: 'POST',
		path: '/api/v1/stores/{storeID}/counts',
		gate: MANAGER,
		scope: 'resource',
		addition: true
	},
	{
		method: 'GET',
		path: '/api/v1/counts/{countID}/review',
		gate: HUMAN,
		scope: 'resource',
		outOfScope: 'not_found',
		addition: true
	},
	{
		method: 'POST',
		path: '/api/v1/counts/{countID}/approve',
		gate: MANAGER,
		scope: 'resource',
		addition: true
	},
	{
		method: 'POST',
		path: '/api/v1/counts/{countID}/cancel',
		gate: MANAGER,
		scope: 'resource',
		addition: true
	},
	// The sync poke stream: the location's inventory channel over SSE (its leader tab pulls on
	// each event).
	{
		method: 'GET',
		path: '/api/v1/locations/{locationID}/inventory/events',
		gate: HUMAN,
		scope: 'location',
		outOfScope: 'forbidden',
		addition: true
	},
	// Out of scope: an empty page (or, for a client that held the location's rows, tombstones).
	{
		method: 'GET',
		path: '/api/v1/sync/{collection}/pull',
		gate: HUMAN,
		scope: 'resource',
		addition: true
	},
	{
		method: 'POST',
		path: '/api/v1/sync/{collection}/push',
		gate: HUMAN,
		scope: 'resource',
		addition: true
	}
];
