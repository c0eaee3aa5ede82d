import { describe, expect, it } from 'vitest';
import { add, removeOne, total } from './cart';

const dish = { id: 'a', kind: 'meal' as const, name: 'Ceviche', price_cents: 2800 };
const drink = { id: 'b', kind: 'item' as const, name: 'Chicha', price_cents: 650 };

describe('cart', () => {
	it('adds, counts and removes', () => {
		let c = add(add(add([], dish), dish), drink);
		expect(c.map((l) => [l.id, l.quantity])).toEqual([
			['a', 2],
			['b', 1]
		]);
		expect(total(c)).toBe(2 * 2800 + 650);
		c = removeOne(removeOne(c, 'b'), 'a');
		expect(c).toEqual([{ ...dish, quantity: 1 }]);
	});
});
