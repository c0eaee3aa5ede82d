import { describe, expect, it } from 'vitest';
import { backoffMs } from './saavor';

describe('outbound backoff', () => {
	it('grows exponentially with jitter and caps at 5 minutes', () => {
		expect(backoffMs(1, () => 0)).toBe(1000);
		expect(backoffMs(1, () => 1)).toBe(2000);
		expect(backoffMs(3, () => 0.5)).toBe(6000);
		expect(backoffMs(30, () => 1)).toBe(300_000);
		expect(backoffMs(30, () => 0)).toBe(150_000);
	});
});
