import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
import { startOutboundWorker } from '$lib/server/kitchen/saavor';
import { errorResponse, errorStyle, ApiError } from '$lib/server/http/errors';
import { isCrossOriginWrite } from '$lib/server/http/request';
import { secure } from '$lib/server/http/headers';
import { closeDb, db } from '$lib/server/db';
import { SESSION_COOKIE, resolve as resolveSession } from '$lib/server/auth/sessions';
import { checkConfig, config, ConfigError } from '$lib/server/config';

const DINER_ROUTES = new Set(['/[branchSlug]/[tableCode]', '/join']);

// Every answer, early refusals included, leaves with the security headers (http/headers.ts).
export const handle: Handle = async (input) => secure(await answer(input), input.event.url);

const answer: Handle = async ({ event, resolve }) => {
	const { url, request } = event;
	const style = errorStyle(url.pathname);

	if (style) {
		// Refused before routing: a path that does not decode (SvelteKit would answer an HTML
		// page) or that decodes to control characters (%00 reaches SQL as text Postgres cannot
		// hold). Both are the caller's mistake and get the path's convention.
		const problem = badPath(url.pathname);
		if (problem) return errorResponse(url.pathname, new ApiError(400, problem));
	}

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

	// Unknown API paths/methods (and anything else SvelteKit itself refuses) get the API's error
	// convention, not an HTML page.
	if (style && response.status >= 400) {
		const type = response.headers.get('content-type') ?? '';
		if (!type.startsWith('application/json') && !type.startsWith('text/plain')) {
			return errorResponse(
				url.pathname,
				new ApiError(response.status, KIT_MESSAGES[response.status] ?? 'Request failed')
			);
		}
	}
	return response;
};

const KIT_MESSAGES: Record<number, string> = {
	400: 'Bad Request',
	404: 'Not Found',
	405: 'Method Not Allowed',
	413: 'Request body is too large'
};

// eslint-disable-next-line no-control-regex
const PATH_CONTROL = /[\u0000-\u001f\u007f]/;

function badPath(pathname: string): string | null {
	let decoded: string;
	try {
		decoded = decodeURIComponent(pathname);
	} catch {
		return 'Malformed URL: the path is not valid percent-encoded UTF-8';
	}
	if (PATH_CONTROL.test(decoded)) return 'Malformed URL: the path contains control characters';
	return null;
}

export const handleError: HandleServerError = ({ error, status }) => {
	// 4xx raised by SvelteKit itself (not found, malformed URL, body too large) are the caller's
	// doing: no stack trace in the log.
	if (status >= 500) console.error(error);
	return { message: status === 404 ? 'Not Found' : 'Internal Server Error' };
};

// adapter-node emits this on SIGTERM/SIGINT once in-flight requests are done.
process.once('sveltekit:shutdown' as never, () => {
	void closeDb();
});

// Background work of a web process: the Saavor outbound queue (safe with several processes).
// Not while building: `vite build` prerenders /shell, which runs init too, and a build must not
// touch (or keep polling) a database that DATABASE_URL happens to name.
// A bad variable stops the start with its name (exit 78, EX_CONFIG) instead of surfacing later.
export const init: ServerInit = () => {
	if (building) return;
	try {
		checkConfig();
	} catch (e) {
		if (!(e instanceof ConfigError)) throw e;
		console.error(`FATAL ${e.message}`);
		process.exit(78);
	}
	if (config.databaseUrl) startOutboundWorker(db());
};
