/** One dish or sellable item on a location's live menu (GET /api/customer/…/menu). */
export interface MenuEntry {
	id: string;
	kind: 'meal' | 'item';
	name: string;
	description: string;
	price_cents: number;
	sold_out: boolean;
}
