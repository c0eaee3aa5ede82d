import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
import { startOutboundWorker } from '$lib/server/kitchen/saavor';
import { errorResponse, errorStyle, ApiError } from '$lib/server/http/errors';
import { isCrossOriginWrite } from '$lib/server/http/request';
import { closeDb, db } from '$lib/server/db';
import { SESSION_COOKIE, resolve as resolveSession } from '$lib/server/auth/sessions';

const DINER_ROUTES = new Set(['/[branchSlug]/[tableCode]', '/join']);

export const handle: Handle = async ({ event, resolve }) => {
	const { url, request } = event;
	const style = errorStyle(url.pathname);

	if (url.pathname.startsWith('/api/') && isCrossOriginWrite(request, url)) {
		return errorResponse(url.pathname, new ApiError(403, 'Cross-origin request refused'));
	}

	// The session is validated once, here; routes read event.locals.identity.
	event.locals.identity = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		try {
			event.locals.identity = await resolveSession(db(), token);
		} catch (e) {
			return errorResponse(url.pathname, e);
		}
	}

	// <html lang> says what the server renders: staff, admin and sign-in pages are English; the
	// diner pages render Spanish first and switch in the browser (setting <html lang> too).
	const lang = DINER_ROUTES.has(event.route.id ?? '') ? 'es' : 'en';
	const response = await resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', lang)
	});

	// Unknown API paths/methods get the API's error convention, not an HTML page.
	if (style && (response.status === 404 || response.status === 405)) {
		const type = response.headers.get('content-type') ?? '';
		if (!type.startsWith('application/json') && !type.startsWith('text/plain')) {
			return errorResponse(
				url.pathname,
				new ApiError(response.status, response.status === 404 ? 'Not Found' : 'Method Not Allowed')
			);
		}
	}
	return response;
};

export const handleError: HandleServerError = ({ error, status }) => {
	if (status !== 404) console.error(error);
	return { message: status === 404 ? 'Not Found' : 'Internal Server Error' };
};

// adapter-node emits this on SIGTERM/SIGINT once in-flight requests are done.
process.once('sveltekit:shutdown' as never, () => {
	void closeDb();
});

// Background work of a web process: the Saavor outbound queue (safe with several processes).
// Not while building: `vite build` prerenders /shell, which runs init too, and a build must not
// touch (or keep polling) a database that DATABASE_URL happens to name.
export const init: ServerInit = () => {
	if (building) return;
	if (process.env.DATABASE_URL) startOutboundWorker(db());
};
