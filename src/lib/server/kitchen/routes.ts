// Route-table rows of the kitchen display and the Saavor POS integration. Spread into ROUTES
// by auth/routes.ts.
import { ADMIN, HUMAN, type RouteSpec } from '../auth/gates';

export const KITCHEN_ROUTES: RouteSpec[] = [
	{ method: 'GET', path: '/api/v1/locations/{locationID}/orders', gate: HUMAN, scope: 'location' },
	{
		method: 'POST',
		path: '/api/v1/locations/{locationID}/orders/{orderID}/transition',
		gate: HUMAN,
		scope: 'location'
	},
	// Addition: hand a ready ticket off (clears it from the board), or recall it.
	{
		method: 'POST',
		path: '/api/v1/locations/{locationID}/orders/{orderID}/serve',
		gate: HUMAN,
		scope: 'location',
		addition: true
	},
	{
		method: 'GET',
		path: '/api/v1/locations/{locationID}/events',
		gate: HUMAN,
		scope: 'location',
		outOfScope: 'forbidden'
	},
	// Public, authenticated by its HMAC signature (kitchen/signature.ts).
	{ method: 'POST', path: '/api/v1/saavor/webhook', gate: 'public' },
	{ method: 'POST', path: '/api/v1/saavor/orders/prepared', gate: HUMAN, scope: 'resource' },
	{ method: 'GET', path: '/api/v1/saavor/payloads', gate: ADMIN },
	{ method: 'GET', path: '/api/v1/saavor/payloads/{payloadID}', gate: ADMIN },
	{ method: 'POST', path: '/api/v1/saavor/test/inbound', gate: ADMIN },
	{ method: 'POST', path: '/api/v1/saavor/test/outbound', gate: ADMIN }
];
