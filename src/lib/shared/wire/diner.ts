// Wire types of the table-session contract (/api/customer/...): what the diner's phone reads.
// Times are ISO strings on the wire; the server builds them from `Date`s (`DinerOrder<Date>`).
import type { PrepState } from './kitchen';

/** One dish or sellable item on a location's live menu (GET /api/customer/…/menu). */
export interface MenuEntry {
	id: string;
	kind: 'meal' | 'item';
	name: string;
	description: string;
	price_cents: number;
	sold_out: boolean;
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
