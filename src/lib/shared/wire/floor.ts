// Wire types of the floor: what the floor screen gets from GET /api/v1/locations/{id}/tables and /api/tables/calls.
// The server computes the counts and the running total; the browser only shows them.
export interface FloorOrder {
	id: string;
	created_at: string;
	prep_state: 'queued' | 'preparing' | 'ready';
	served_at: string | null;
	total_cents: number;
	lines: { name: string; quantity: number }[];
}

export interface FloorTable {
	id: string;
	number: number;
	code: string;
	/** The tent's typed code (/t/<code>). */
	short_code: string;
	seats: number;
	session_id: string | null;
	session_status: 'pending' | 'active' | null;
	customer_name: string | null;
	seated_at: string | null;
	order_count: number;
	total_cents: number;
	orders: FloorOrder[];
}

export interface FloorCall {
	id: string;
	type: 'waiter' | 'bill';
	table_number: number;
	created_at: string;
}
