import { describe, expect, it } from 'vitest';
import { safeNext } from './next';

const origin = 'https://preptable.example';

describe('safeNext (where to go after sign-in)', () => {
	it('keeps same-origin paths with their query and hash', () => {
		expect(safeNext('/kitchen', origin)).toBe('/kitchen');
		expect(safeNext('/admin/audit?page=2#top', origin)).toBe('/admin/audit?page=2#top');
		expect(safeNext('/staff/../admin', origin)).toBe('/admin');
	});
	it('refuses anything that leaves the origin, however it is spelled', () => {
		for (const evil of [
			'//evil.test',
			'/\\evil.test',
			'\\\\evil.test',
			'/\t/evil.test',
			'/\n/evil.test',
			' //evil.test',
			'https://evil.test/',
			'http://preptable.example/', // another scheme is another origin
			'javascript:alert(1)',
			'/.//evil.test',
			'evil.test',
			''
		]) {
			expect(safeNext(evil, origin), JSON.stringify(evil)).toBe('/account');
		}
		expect(safeNext(null, origin)).toBe('/account');
	});
	it('decodes the query parameter the way the page reads it', () => {
		// /login?next=/%5Cevil.test and /login?next=/%09/evil.test, as reported.
		for (const q of ['next=/%5Cevil.test', 'next=/%09/evil.test']) {
			const n = new URL(`${origin}/login?${q}`).searchParams.get('next');
			expect(safeNext(n, origin), q).toBe('/account');
		}
	});
});
