import { describe, expect, it } from 'vitest';
import { DISH_TAGS } from '../../shared/dishes';
import { dishCategory, dishTags } from './dish';

describe('dish tags', () => {
	it('accepts the fixed vocabulary once each, in vocabulary order', () => {
		expect(dishTags.parse(['vegan', 'gluten'])).toEqual(['gluten', 'vegan']);
		expect(dishTags.parse([...DISH_TAGS].reverse())).toEqual([...DISH_TAGS]);
		expect(dishTags.safeParse(['gluten', 'gluten']).success).toBe(false);
		expect(dishTags.safeParse(['spicy']).success).toBe(false);
		expect(dishTags.safeParse(['Gluten']).success).toBe(false);
	});
	it('categories are trimmed and short', () => {
		expect(dishCategory.parse('  Entradas ')).toBe('Entradas');
		expect(dishCategory.safeParse('x'.repeat(61)).success).toBe(false);
	});
});
