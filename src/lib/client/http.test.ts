import { describe, expect, it } from 'vitest';
import { api, BAD_RESPONSE, HttpError, NETWORK_ERROR } from './http';

interface Seen {
	url: string;
	init: RequestInit;
}

/** A fetch that answers one canned response and remembers what it was asked. */
function answer(body: string | null, init: ResponseInit & { contentType?: string } = {}) {
	const seen: Seen[] = [];
	const fetch = (async (url: string, req: RequestInit) => {
		seen.push({ url, init: req });
		return new Response(body, {
			status: init.status ?? 200,
			statusText: init.statusText,
			headers: { 'content-type': init.contentType ?? 'application/json' }
		});
	}) as unknown as typeof globalThis.fetch;
	return { fetch, seen };
}

async function caught(p: Promise<unknown>): Promise<HttpError> {
	try {
		await p;
	} catch (e) {
		expect(e).toBeInstanceOf(HttpError);
		return e as HttpError;
	}
	throw new Error('expected the request to fail');
}

const TABLE = '/api/customer/downtown-lima/downtown-lima-3';

describe('api(): table-session envelope', () => {
	it('unwraps data on success and sends the bearer token and JSON body', async () => {
		const { fetch, seen } = answer(JSON.stringify({ success: true, data: { id: 's1' } }));
		const data = await api<{ id: string }>(
			'POST',
			`${TABLE}/session`,
			{ customerName: 'Ana' },
			{
				token: 'jwt',
				fetch
			}
		);
		expect(data).toEqual({ id: 's1' });
		expect(seen[0].url).toBe(`${TABLE}/session`);
		expect(seen[0].init.method).toBe('POST');
		expect(seen[0].init.body).toBe('{"customerName":"Ana"}');
		expect(seen[0].init.headers).toEqual({
			'content-type': 'application/json',
			authorization: 'Bearer jwt'
		});
	});

	it('turns an error envelope into HttpError with its code and message', async () => {
		const { fetch } = answer(
			JSON.stringify({
				success: false,
				error: { code: 'SESSION_PENDING', message: 'This table is waiting for approval' }
			}),
			{ status: 409 }
		);
		const e = await caught(api('POST', `${TABLE}/session`, {}, { fetch }));
		expect(e.status).toBe(409);
		expect(e.code).toBe('SESSION_PENDING');
		expect(e.message).toBe('This table is waiting for approval');
	});

	it('refuses success:false even on a 200', async () => {
		const { fetch } = answer(
			JSON.stringify({ success: false, error: { code: 'CALL_PENDING', message: 'Already asked' } })
		);
		const e = await caught(api('GET', '/api/tables/calls?location_id=x', undefined, { fetch }));
		expect([e.status, e.code, e.message]).toEqual([200, 'CALL_PENDING', 'Already asked']);
	});

	it('derives the code from the status when the body is not an envelope (a proxy page)', async () => {
		const { fetch } = answer('<html>Bad Gateway</html>', {
			status: 502,
			statusText: 'Bad Gateway',
			contentType: 'text/html'
		});
		const e = await caught(api('GET', `${TABLE}/menu`, undefined, { fetch }));
		expect([e.status, e.code]).toEqual([502, 'BAD_GATEWAY']);
		expect(e.message).toBe('<html>Bad Gateway</html>');
	});

	it('calls a non-JSON 200 a bad response instead of returning garbage', async () => {
		const { fetch } = answer('<html>captive portal</html>', { contentType: 'text/html' });
		const e = await caught(api('GET', `${TABLE}/menu`, undefined, { fetch }));
		expect([e.status, e.code]).toEqual([200, BAD_RESPONSE]);
	});
});

describe('api(): PrepTable /api/v1', () => {
	it('returns the JSON body as is and sends no headers for a bare GET', async () => {
		const { fetch, seen } = answer(JSON.stringify([{ id: 'l1', name: 'Downtown' }]));
		expect(await api('GET', '/api/v1/locations', undefined, { fetch })).toEqual([
			{ id: 'l1', name: 'Downtown' }
		]);
		expect(seen[0].init.headers).toEqual({});
		expect(seen[0].init.body).toBeUndefined();
	});

	it('answers undefined for 204 No Content', async () => {
		const { fetch } = answer(null, { status: 204 });
		expect(await api('DELETE', '/api/v1/admin/invitations/i1', undefined, { fetch })).toBe(
			undefined
		);
	});

	it('turns a plain-text error into HttpError with a code derived from the status', async () => {
		const { fetch } = answer('Table 13 has a pending or active session', {
			status: 409,
			contentType: 'text/plain; charset=utf-8'
		});
		const e = await caught(api('DELETE', '/api/v1/locations/l1/tables/t1', undefined, { fetch }));
		expect(e.status).toBe(409);
		expect(e.code).toBe('CONFLICT');
		expect(e.message).toBe('Table 13 has a pending or active session');
	});

	it('uses 401 UNAUTHORIZED so pages can send the user to sign in', async () => {
		const { fetch } = answer('Unauthorized', { status: 401, contentType: 'text/plain' });
		const e = await caught(api('GET', '/api/v1/auth/me', undefined, { fetch }));
		expect([e.status, e.code, e.message]).toEqual([401, 'UNAUTHORIZED', 'Unauthorized']);
	});

	it("reads SvelteKit's own JSON {message} errors", async () => {
		const { fetch } = answer(JSON.stringify({ message: 'Not Found' }), { status: 404 });
		const e = await caught(api('GET', '/api/v1/nope', undefined, { fetch }));
		expect([e.status, e.code, e.message]).toEqual([404, 'NOT_FOUND', 'Not Found']);
	});

	it('falls back to the status text when an error has no body', async () => {
		const { fetch } = answer(null, { status: 503, statusText: 'Service Unavailable' });
		const e = await caught(api('GET', '/api/v1/locations', undefined, { fetch }));
		expect([e.status, e.code, e.message]).toEqual([
			503,
			'SERVICE_UNAVAILABLE',
			'Service Unavailable'
		]);
	});

	it('calls a non-JSON success body a bad response', async () => {
		const { fetch } = answer('ok', { contentType: 'text/plain' });
		const e = await caught(api('GET', '/api/v1/locations', undefined, { fetch }));
		expect([e.status, e.code]).toEqual([200, BAD_RESPONSE]);
	});
});

describe('api(): network failure', () => {
	it('is an HttpError with status 0 that keeps the browser message and cause', async () => {
		const cause = new TypeError('Failed to fetch');
		const fetch = (async () => {
			throw cause;
		}) as unknown as typeof globalThis.fetch;
		for (const path of ['/api/v1/locations', `${TABLE}/menu`]) {
			const e = await caught(api('GET', path, undefined, { fetch }));
			expect([e.status, e.code, e.message]).toEqual([0, NETWORK_ERROR, 'Failed to fetch']);
			expect(e.cause).toBe(cause);
		}
	});

	it('covers a connection that drops while the body is read', async () => {
		const fetch = (async () =>
			new Response(
				new ReadableStream({
					start(c) {
						c.error(new TypeError('network error'));
					}
				}),
				{ status: 200 }
			)) as unknown as typeof globalThis.fetch;
		const e = await caught(api('GET', '/api/v1/locations', undefined, { fetch }));
		expect([e.status, e.code]).toEqual([0, NETWORK_ERROR]);
	});
});
