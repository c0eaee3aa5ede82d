// Wire types of the kitchen: what GET /api/v1/kitchen/... answers and what `order:*` events on a
// `kitchen:` channel carry. Times are ISO strings on the wire; the server builds them from
// `Date`s (`KitchenOrder<Date>`), which JSON serializes to the same strings.
export type PrepState = 'queued' | 'preparing' | 'ready';
export const PREP_STATES: readonly PrepState[] = ['queued', 'preparing', 'ready'];

export interface KitchenOrderLine {
	name: string;
	quantity: number;
	notes: string;
}

export interface KitchenOrder<Time = string> {
	id: string;
	location_id: string;
	source: 'saavor' | 'table';
	external_id: string | null;
	table_number: number | null;
	customer_name: string;
	notes: string;
	prep_state: PrepState;
	total_cents: number;
	created_at: Time;
	updated_at: Time;
	prep_state_changed_at: Time;
	/** Handed off (cleared from the board); null while on it. Display state, not a prep state. */
	served_at: Time | null;
	lines: KitchenOrderLine[];
}
