// The browser's one HTTP client for both contracts. `/api/v1` answers JSON and plain-text
// errors; `/api/tables` and `/api/customer` answer `{success, data | error:{code,message}}`.
// Either way a failure is one HttpError with the status, a code (the envelope's, else derived
// from the status) and a message fit to show; success is the JSON (or the envelope's `data`).
import { codeForStatus, errorStyle, type Envelope } from '$lib/shared/wire/errors';

/** No response at all (offline, DNS, connection reset): status 0. */
export const NETWORK_ERROR = 'NETWORK_ERROR';
/** A response that is not what the contract promises (e.g. a proxy's HTML page on 200). */
export const BAD_RESPONSE = 'BAD_RESPONSE';

export class HttpError extends Error {
	override readonly name = 'HttpError';
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		options?: { cause?: unknown }
	) {
		super(message, options);
	}
}

export interface RequestOptions {
	/** Customer JWT (diners), sent as `Authorization: Bearer`; staff use the session cookie. */
	token?: string;
	/** For tests and for callers that were handed a fetch (e.g. SvelteKit's load). */
	fetch?: typeof fetch;
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** What the server said went wrong: an envelope's error, or the plain-text body. */
function failure(res: Response, text: string, body: unknown): HttpError {
	const obj = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : null;
	const e = obj?.error as { code?: unknown; message?: unknown } | undefined;
	const code = typeof e?.code === 'string' && e.code ? e.code : codeForStatus(res.status);
	// A JSON body that is not an envelope (SvelteKit's own `{message}` errors) still names its
	// message; anything else is shown as the text it is.
	const message =
		(typeof e?.message === 'string' && e.message) ||
		(typeof obj?.message === 'string' && obj.message) ||
		(obj ? '' : text.trim()) ||
		res.statusText ||
		`HTTP ${res.status}`;
	return new HttpError(res.status, code, message);
}

export async function api<T = unknown>(
	method: string,
	path: string,
	body?: unknown,
	options: RequestOptions = {}
): Promise<T> {
	const headers: Record<string, string> = {};
	if (body !== undefined) headers['content-type'] = 'application/json';
	if (options.token) headers.authorization = `Bearer ${options.token}`;
	let res: Response;
	let text: string;
	try {
		res = await (options.fetch ?? fetch)(path, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		text = await res.text();
	} catch (e) {
		throw new HttpError(0, NETWORK_ERROR, (e as Error)?.message || 'Network error', { cause: e });
	}
	const json = text === '' ? undefined : parseJson(text);
	const envelope = errorStyle(new URL(path, 'http://x').pathname) === 'envelope';
	if (envelope) {
		const env = json as Partial<Envelope<T>> | undefined;
		if (res.ok && env?.success === true && 'data' in env) return env.data as T;
		if (!res.ok || env?.success === false) throw failure(res, text, json);
		throw new HttpError(res.status, BAD_RESPONSE, 'The server sent an unexpected response');
	}
	if (!res.ok) throw failure(res, text, json);
	if (text === '') return undefined as T;
	if (json === undefined)
		throw new HttpError(res.status, BAD_RESPONSE, 'The server sent an unexpected response');
	return json as T;
}
