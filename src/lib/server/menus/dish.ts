// Validation of a dish's category and tags, shared by the meal and item writers.
import { z } from 'zod';
import { DISH_TAGS } from '../../shared/dishes';

/** A dish's menu category: the restaurant's own words, trimmed; '' for none. */
export const dishCategory = z.string().trim().max(60);

/** Tags from the fixed vocabulary, each once, stored in vocabulary order. */
export const dishTags = z
	.array(z.enum(DISH_TAGS))
	.max(DISH_TAGS.length)
	.refine((t) => new Set(t).size === t.length, 'a tag may appear only once')
	.transform((t) => DISH_TAGS.filter((x) => t.includes(x)));
