import { describe, expect, it } from 'vitest';
import { availability, availabilityKey, portionsCoverable } from './portions';

describe('portionsCoverable', () => {
	it('is the smallest whole number of portions over the tracked components', () => {
		expect(
			portionsCoverable([
				{ per_portion: 0.25, stock: 2 }, // 8
				{ per_portion: 0.5, stock: 1.6 } // 3
			])
		).toBe(3);
	});

	it('ignores untracked components; none tracked is null (never predicted)', () => {
		expect(portionsCoverable([{ per_portion: 1, stock: null }])).toBeNull();
		expect(portionsCoverable([])).toBeNull();
		expect(
			portionsCoverable([
				{ per_portion: 1, stock: null },
				{ per_portion: 2, stock: 5 }
			])
		).toBe(2);
	});

	it('below one portion is 0, negative stock (an oversold line) too', () => {
		expect(portionsCoverable([{ per_portion: 0.3, stock: 0.29 }])).toBe(0);
		expect(portionsCoverable([{ per_portion: 1, stock: -3 }])).toBe(0);
		expect(portionsCoverable([{ per_portion: 1, stock: 0 }])).toBe(0);
	});

	it('does not lose a portion to float noise', () => {
		// 0.3 / 0.1 is 2.9999999999999996 in floats.
		expect(portionsCoverable([{ per_portion: 0.1, stock: 0.3 }])).toBe(3);
		expect(portionsCoverable([{ per_portion: (0.25 * 100) / 80, stock: 0.9375 }])).toBe(3);
	});
});

describe('availability', () => {
	it('manual 86 always wins, whatever the stock', () => {
		expect(availability(true, 100, 5)).toEqual({
			sold_out: true,
			sold_out_reason: 'manual',
			portions_left: null
		});
		expect(availability(true, 0, 5).sold_out_reason).toBe('manual');
	});

	it('no portion: predicted sold out; few: the only-N-left hint; many or untracked: nothing', () => {
		expect(availability(false, 0, 5)).toEqual({
			sold_out: true,
			sold_out_reason: 'stock',
			portions_left: null
		});
		expect(availability(false, 1, 5)).toEqual({
			sold_out: false,
			sold_out_reason: null,
			portions_left: 1
		});
		expect(availability(false, 5, 5).portions_left).toBe(5);
		expect(availability(false, 6, 5).portions_left).toBeNull();
		expect(availability(false, null, 5)).toEqual({
			sold_out: false,
			sold_out_reason: null,
			portions_left: null
		});
	});

	it('the key changes only when what the screens show changes', () => {
		const k = (p: number | null) => availabilityKey(availability(false, p, 5));
		expect(k(40)).toBe(k(7));
		expect(k(40)).toBe(k(null));
		expect(k(5)).not.toBe(k(4));
		expect(k(1)).not.toBe(k(0));
		expect(availabilityKey(availability(true, 0, 5))).not.toBe(k(0));
	});
});
