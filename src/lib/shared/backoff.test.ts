import { describe, expect, it } from 'vitest';
import { backoff } from './backoff';

describe('backoff', () => {
	it('doubles from the minimum and stops at the maximum', () => {
		expect([0, 1, 2, 3, 4, 5, 6, 50].map((n) => backoff(n))).toEqual([
			1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000
		]);
		expect(backoff(3, 500, 2000)).toBe(2000);
	});

	it('jitter only ever shortens the wait, by at most a quarter', () => {
		expect(backoff(2, 1000, 30_000, 1)).toBe(3000);
		expect(backoff(2, 1000, 30_000, 0.5)).toBe(3500);
		expect(backoff(2, 1000, 30_000, 7)).toBe(3000);
	});

	it('negative or fractional attempts count as the nearest retry below', () => {
		expect(backoff(-3)).toBe(1000);
		expect(backoff(1.9)).toBe(2000);
	});
});
