// Route wrappers: a handler throws ApiError/ZodError (or anything), the wrapper answers with
// the convention of the path. Keeps routes thin.
import type { RequestEvent, RequestHandler } from '@sveltejs/kit';
import { errorResponse } from './errors';

type Handler = (event: RequestEvent) => Promise<Response> | Response;

export function route(fn: Handler): RequestHandler {
	return async (event) => {
		try {
			return await fn(event);
		} catch (e) {
			// SvelteKit redirects/errors thrown on purpose pass through.
			if (e && typeof e === 'object' && 'status' in e && 'location' in e) throw e;
			return errorResponse(event.url.pathname, e);
		}
	};
}

/** `{ success: true, data }` for the table-session contract. */
export function ok(data: unknown, status = 200, headers?: HeadersInit): Response {
	return Response.json({ success: true, data }, { status, headers });
}

export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
	return Response.json(data, { status, headers });
}

export function noContent(): Response {
	return new Response(null, { status: 204 });
}
