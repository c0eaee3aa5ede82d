import { describe, expect, it } from 'vitest';
import { sign, verify } from './signature';

const body = new TextEncoder().encode('{"id":"evt_1"}');

describe('Saavor signature', () => {
	it('accepts the right signature, in any hex case', () => {
		expect(verify(body, sign(body, 's3cret'), 's3cret')).toBe(true);
		expect(
			verify(body, sign(body, 's3cret').toUpperCase().replace('SHA256=', 'sha256='), 's3cret')
		).toBe(true);
	});
	it('refuses wrong, missing, malformed and wrong-length signatures without throwing', () => {
		expect(verify(body, sign(body, 'other'), 's3cret')).toBe(false);
		expect(verify(body, null, 's3cret')).toBe(false);
		expect(verify(body, '', 's3cret')).toBe(false);
		expect(verify(body, 'sha256=abc', 's3cret')).toBe(false);
		expect(verify(body, sign(body, 's3cret').slice(7), 's3cret')).toBe(false);
		expect(verify(body, sign(body, 's3cret') + '00', 's3cret')).toBe(false);
		expect(verify(body, 'sha1=' + 'a'.repeat(40), 's3cret')).toBe(false);
		expect(verify(body, sign(body, 's3cret'), '')).toBe(false);
	});
	it('covers the raw bytes: a re-serialized body does not verify', () => {
		const sig = sign(body, 's3cret');
		expect(verify(new TextEncoder().encode('{ "id": "evt_1" }'), sig, 's3cret')).toBe(false);
	});
});
