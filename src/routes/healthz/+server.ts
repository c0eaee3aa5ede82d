import type { RequestHandler } from './$types';

// Liveness only: answers while the process can serve, even if the database is down.
export const GET: RequestHandler = () =>
	new Response('ok', {
		headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }
	});
