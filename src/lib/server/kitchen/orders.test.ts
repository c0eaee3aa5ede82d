import { describe, expect, it } from 'vitest';
import { canMove } from './orders';

describe('prep state moves', () => {
	it('allows one step forward or back only', () => {
		expect(canMove('queued', 'preparing')).toBe(true);
		expect(canMove('preparing', 'ready')).toBe(true);
		expect(canMove('ready', 'preparing')).toBe(true);
		expect(canMove('preparing', 'queued')).toBe(true);
		expect(canMove('queued', 'ready')).toBe(false);
		expect(canMove('ready', 'queued')).toBe(false);
		expect(canMove('queued', 'queued')).toBe(false);
	});
});
