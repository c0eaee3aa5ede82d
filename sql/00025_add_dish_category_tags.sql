-- Dishes carry a menu category ("Entradas", "Bebidas": free text, the restaurant's own words)
-- and allergen / diet tags from a fixed vocabulary (src/lib/shared/dishes.ts, README "Dish
-- tags"), for meals and for the items sold on menus. Existing dishes get no category (the
-- diner lists them under "More") and no tags, which claims nothing about them.
alter table meals add column category text not null default '' check (length(category) <= 60);
alter table meals add column tags text[] not null default '{}'
	check (tags <@ array['gluten', 'dairy', 'nuts', 'peanuts', 'egg', 'soy', 'fish', 'shellfish',
		'sesame', 'vegetarian', 'vegan']::text[]);
alter table items add column category text not null default '' check (length(category) <= 60);
alter table items add column tags text[] not null default '{}'
	check (tags <@ array['gluten', 'dairy', 'nuts', 'peanuts', 'egg', 'soy', 'fish', 'shellfish',
		'sesame', 'vegetarian', 'vegan']::text[]);
