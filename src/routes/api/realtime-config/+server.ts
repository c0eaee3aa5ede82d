import { json } from '@sveltejs/kit';
import { open } from '$lib/server/auth/routes';
import { config } from '$lib/server/config';

// Where pages find the realtime sidecar: REALTIME_PUBLIC_URL (behind a proxy), else the page's
// own host on REALTIME_PORT (the client builds the ws:// URL from location).
export const GET = open('GET', '/api/realtime-config', () =>
	json(
		{ url: config.realtimePublicUrl ?? null, port: config.realtimePort },
		{ headers: { 'cache-control': 'no-store' } }
	)
);
