import { describe, expect, it } from 'vitest';
import type { MenuEntry } from '$lib/shared/wire/diner';
import { groupByCategory } from './menu';

const dish = (name: string, category: string): MenuEntry => ({
	id: name,
	kind: 'meal',
	name,
	description: '',
	price_cents: 100,
	category,
	tags: [],
	sold_out: false,
	sold_out_reason: null,
	portions_left: null
});

describe('diner menu by category', () => {
	it('keeps the placement order of categories and dishes, uncategorised last', () => {
		const g = groupByCategory([
			dish('Ceviche', 'Entradas'),
			dish('Pan', ''),
			dish('Lomo', 'Fondos'),
			dish('Papa', 'Entradas'),
			dish('Chicha', ' Bebidas ')
		]);
		expect(g.map((x) => [x.category, x.items.map((i) => i.name)])).toEqual([
			['Entradas', ['Ceviche', 'Papa']],
			['Fondos', ['Lomo']],
			['Bebidas', ['Chicha']],
			['', ['Pan']]
		]);
		expect(g.map((x) => x.index)).toEqual([0, 1, 2, 3]);
	});
});
