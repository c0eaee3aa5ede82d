import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError } from './errors';
import { findBadText, idParam, isCrossOriginWrite, MAX_DEPTH, readJson, validate } from './request';

const schema = z.object({ name: z.string().min(1) });
const req = (body: string, type = 'application/json') =>
	new Request('http://x/api/v1/a', { method: 'POST', headers: { 'content-type': type }, body });

async function status(p: Promise<unknown>) {
	try {
		await p;
		return 200;
	} catch (e) {
		return (e as ApiError).status;
	}
}

describe('readJson', () => {
	it('parses and validates', async () => {
		expect(await readJson(req('{"name":"a"}'), schema)).toEqual({ name: 'a' });
		expect(await readJson(req('{"name":"a"}', 'application/json; charset=utf-8'), schema)).toEqual({
			name: 'a'
		});
	});
	it('415 for non-JSON content types', async () => {
		expect(await status(readJson(req('name=a', 'application/x-www-form-urlencoded'), schema))).toBe(
			415
		);
		expect(await status(readJson(req('{"name":"a"}', 'text/plain'), schema))).toBe(415);
	});
	it('400 for malformed, empty or invalid bodies', async () => {
		expect(await status(readJson(req('{'), schema))).toBe(400);
		expect(await status(readJson(req(''), schema))).toBe(400);
		expect(await status(readJson(req('{"name":""}'), schema))).toBe(400);
	});
});

describe('idParam', () => {
	it('404s malformed ids', () => {
		expect(() => idParam('nope')).toThrow(ApiError);
		expect(idParam('123e4567-e89b-42d3-a456-426614174000')).toBe(
			'123e4567-e89b-42d3-a456-426614174000'
		);
	});
});

describe('isCrossOriginWrite', () => {
	const url = new URL('http://localhost:3000/api/v1/x');
	const r = (method: string, headers: Record<string, string>) =>
		new Request(url, { method, headers });
	it('allows same-origin and origin-less writes, and all reads', () => {
		expect(isCrossOriginWrite(r('POST', { origin: 'http://localhost:3000' }), url)).toBe(false);
		expect(isCrossOriginWrite(r('POST', {}), url)).toBe(false);
		expect(isCrossOriginWrite(r('GET', { origin: 'https://evil.example' }), url)).toBe(false);
	});
	it('refuses foreign-origin writes', () => {
		expect(isCrossOriginWrite(r('DELETE', { origin: 'https://evil.example' }), url)).toBe(true);
		expect(isCrossOriginWrite(r('PATCH', { 'sec-fetch-site': 'cross-site' }), url)).toBe(true);
	});
});

describe('findBadText', () => {
	it('names the first bad string in document order, keys included', () => {
		expect(findBadText({ a: 'ok', b: ['x', 'y\u0000'], c: '\uD800' })).toBe(
			'b.1: must not contain control characters'
		);
		expect(findBadText({ ok: 1, lines: [{ note: 'a\uDFFFb' }] })).toBe(
			'lines.0.note: must be valid Unicode text'
		);
		expect(findBadText({ 'k\u0001': 1 })).toBe('(key): must not contain control characters');
		expect(findBadText({ a: [1, null, true, { b: 'fine\ttab\n' }] })).toBeNull();
	});

	it('refuses deep nesting with a message instead of overflowing the stack', () => {
		const deep = JSON.parse('['.repeat(5000) + ']'.repeat(5000));
		expect(findBadText(deep)).toMatch(/nested too deeply/);
		expect(() => validate(z.object({ a: z.string() }), deep)).toThrow(ApiError);
		let ok: unknown = 'leaf';
		for (let i = 0; i < MAX_DEPTH; i++) ok = [ok];
		expect(findBadText(ok)).toBeNull();
	});
});
