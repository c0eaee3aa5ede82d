// The fixed vocabulary of dish tags (README "Dish tags"; sql/00025 checks the same list).
// Allergens say what a dish contains (the diner can hide dishes with them); diet tags say what
// it suits. A dish without tags claims nothing either way.
// Imports nothing: the diner's bundle reads it (the zod schemas are in server/menus/dish.ts).

export const ALLERGENS = [
	'gluten',
	'dairy',
	'nuts',
	'peanuts',
	'egg',
	'soy',
	'fish',
	'shellfish',
	'sesame'
] as const;
export const DIETS = ['vegetarian', 'vegan'] as const;
export const DISH_TAGS = [...ALLERGENS, ...DIETS] as const;

export type Allergen = (typeof ALLERGENS)[number];
export type DishTag = (typeof DISH_TAGS)[number];

export const isAllergen = (t: string): t is Allergen =>
	(ALLERGENS as readonly string[]).includes(t);
