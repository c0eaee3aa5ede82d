import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError, describeZodError, errorResponse, errorStyle, toApiError } from './errors';

describe('errorStyle', () => {
	it('maps contract prefixes', () => {
		expect(errorStyle('/api/v1/items')).toBe('text');
		expect(errorStyle('/api/tables/sessions')).toBe('envelope');
		expect(errorStyle('/api/customer/downtown-lima/downtown-lima-1/session')).toBe('envelope');
		expect(errorStyle('/kitchen')).toBeNull();
	});
});

describe('toApiError', () => {
	it('keeps ApiError', () => {
		const e = new ApiError(409, 'busy', 'SESSION_PENDING');
		expect(toApiError(e)).toBe(e);
	});
	it('turns zod errors into 400 naming the field', () => {
		const r = z.object({ name: z.string().min(1) }).safeParse({ name: '' });
		const e = toApiError(r.error);
		expect(e.status).toBe(400);
		expect(e.message).toMatch(/^name: /);
	});
	it('maps input-caused Postgres errors to 4xx, never 500', () => {
		expect(
			toApiError({ code: '22P02', message: 'invalid input syntax for type uuid' }).status
		).toBe(400);
		const spy = console.warn;
		console.warn = () => {};
		const unique = toApiError({ code: '23505', constraint_name: 'dining_tables_code_key' });
		console.warn = spy;
		expect(unique.status).toBe(409);
		// Never the constraint's name: the person sees words, the log keeps the name.
		expect(unique.message).not.toMatch(/dining_tables|_key/);
		expect(toApiError({ code: 'CONNECTION_CLOSED' }).status).toBe(503);
	});
	it('a connection reset or a server going away during an outage is 503, like the others', () => {
		const spy = console.error;
		console.error = () => {};
		try {
			for (const code of ['ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '08006', '53300']) {
				expect(toApiError(Object.assign(new Error('x'), { code })).status, code).toBe(503);
			}
		} finally {
			console.error = spy;
		}
	});
	it('a NUL or untranslatable character is 400 (SQLSTATE 22021/22P05), naming the column', () => {
		const e = toApiError({
			code: '22021',
			message: 'invalid byte sequence for encoding "UTF8": 0x00'
		});
		expect(e.status).toBe(400);
		expect(e.message).toMatch(/character/);
		expect(toApiError({ code: '22P05' }).status).toBe(400);
		expect(toApiError({ code: '23502', column_name: 'name' }).message).toMatch(/name/);
	});
	it('a body over the limit (SvelteKit 413) is 413, not 500', () => {
		const e = toApiError(
			Object.assign(new Error('too big'), { status: 413, text: 'Payload Too Large' })
		);
		expect(e.status).toBe(413);
	});
	it('hides unexpected errors behind a 500', () => {
		const spy = console.error;
		console.error = () => {};
		try {
			const e = toApiError(new TypeError('secret detail'));
			expect(e.status).toBe(500);
			expect(e.message).toBe('Internal Server Error');
		} finally {
			console.error = spy;
		}
	});
});

describe('errorResponse', () => {
	it('plain text for /api/v1', async () => {
		const r = errorResponse('/api/v1/x', new ApiError(403, 'Forbidden'));
		expect(r.status).toBe(403);
		expect(r.headers.get('content-type')).toBe('text/plain; charset=utf-8');
		expect(await r.text()).toBe('Forbidden');
	});
	it('envelope for the table-session contract', async () => {
		const r = errorResponse(
			'/api/tables/sessions/1/approve',
			new ApiError(404, 'No pending session', 'PENDING_SESSION_NOT_FOUND')
		);
		expect(await r.json()).toEqual({
			success: false,
			error: { code: 'PENDING_SESSION_NOT_FOUND', message: 'No pending session' }
		});
	});
	it('describeZodError joins issues', () => {
		const r = z.object({ a: z.number(), b: z.string() }).safeParse({});
		expect(describeZodError(r.error!)).toMatch(/a: .*; b: /);
	});
});
