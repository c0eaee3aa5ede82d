import { v1Public } from '$lib/server/auth/routes';

// Liveness only: answers while the process can serve, even if the database is down.
export const GET = v1Public(
	'GET',
	'/api/v1/healthz',
	() =>
		new Response('ok', {
			headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }
		})
);
