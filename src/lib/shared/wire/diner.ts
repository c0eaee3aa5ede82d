// Wire types of the table-session contract (/api/customer/...): what the diner's phone reads.
// Times are ISO strings on the wire; the server builds them from `Date`s (`DinerOrder<Date>`).
import type { PrepState } from './kitchen';
import type { SoldOutReason } from '../portions';

/** One dish or sellable item on a location's live menu (GET /api/customer/…/menu). */
export interface MenuEntry {
	id: string;
	kind: 'meal' | 'item';
	name: string;
	description: string;
	price_cents: number;
	/** The dish's menu category ('' for none): the diner's menu groups by it. */
	category: string;
	/** Allergen and diet tags (shared/dishes.ts): the diner can hide dishes with an allergen. */
	tags: string[];
	sold_out: boolean;
	/** Addition (issue 14): 'manual' (86'd) or 'stock' (predictive 86); null on sale. */
	sold_out_reason?: SoldOutReason | null;
	/** Addition (issue 14): "only N left" — portions the stock covers, when few. */
	portions_left?: number | null;
	/** The placement it comes from, so a menu:changed 86 can be applied at once. */
	placement_id?: string;
}

/** One of the diner's own orders (GET/POST /api/customer/…/orders). */
export interface DinerOrder<Time = string> {
	id: string;
	prep_state: PrepState;
	total_cents: number;
	notes: string;
	created_at: Time;
	lines: { name: string; quantity: number; unit_price_cents: number; notes: string }[];
}
