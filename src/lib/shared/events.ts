// The event map: every outbox event type and its payload. `emit` on the server takes a type
// from this map and only its payload; browsers read `EventPayload<K>` for what arrives.
// `Time` is `string` on the wire and `Date | string` where the server emits (JSON turns a
// Date into its RFC 3339 string).
import type { KitchenOrder } from './wire/kitchen';

export type CallType = 'waiter' | 'bill';
export type SessionStatus = 'pending' | 'active' | 'completed' | 'rejected';

/** order:created / order:updated / order:cancelled, on kitchen, branch and (table orders) session. */
export interface OrderEvent<Time = string> {
	orderId: string;
	order: KitchenOrder<Time>;
	/** The diner's table session, for table orders; null for Saavor orders. */
	sessionId: string | null;
}

/** session:approved / session:rejected / session:ended, on branch and session. */
export interface SessionChanged {
	sessionId: string;
	tableId: string;
	tableNumber: number;
	status: SessionStatus;
	/**
	 * Set when the request lapsed unanswered (TABLE_REQUEST_TTL_MINUTES), or the diner withdrew
	 * it (`cancelled`, an addition).
	 */
	reason?: 'expired' | 'cancelled';
}

/** stock.level, on inventory: a stock level changed through the ledger (one movement). */
export interface StockLevelEvent {
	store_id: string;
	item_id: string;
	quantity: number;
	movement_id: string;
	delta: number;
	reason: string;
	waste_reason: string | null;
}

/** stock.item, on inventory: catalog items were created, changed or deleted (a sync poke). */
export interface StockItemEvent {
	item_ids: string[];
	change: 'created' | 'updated' | 'deleted';
}

/** purchase_order:changed, on branch: a PO of the location was created, edited, moved or received. */
export interface PurchaseOrderChanged {
	id: string;
	status: string;
	change: 'created' | 'updated' | 'deleted' | 'status' | 'received';
}

/** stock.par, on inventory: an item's par / reorder point at the location changed (null: removed). */
export interface StockParEvent {
	item_id: string;
	location_id: string;
	par_level: number | null;
	reorder_point: number | null;
}

/**
 * stock.place, on inventory: where items sit in a store changed (the walk of its next count):
 * placed, moved, reordered or removed. Screens showing the walk reload it.
 */
export interface StockPlaceEvent {
	store_id: string;
	/** The items whose place changed (added, moved or removed), in walk order then removed. */
	item_ids: string[];
}

/**
 * menu:changed, on menu (signage, staff screens) and on the session channel of every open table
 * session of the location (diners): something the live menu is made of changed. Readers
 * reload GET …/menu/current (or the diner's menu); `sold_out` is set for an 86 toggle.
 */
export interface MenuChanged {
	location_id: string;
	/**
	 * 'stock': a stock movement changed what a dish shows (predictive 86; `id` is the item);
	 * 'meal': a placed meal was edited or deleted; 'location': its time zone or currency changed.
	 */
	entity: 'menu' | 'daypart' | 'placement' | 'stock' | 'meal' | 'location';
	id: string;
	change: 'created' | 'updated' | 'deleted';
	sold_out?: boolean;
}

/** count.session, on inventory: a count was started, approved or cancelled (a sync poke). */
export interface CountSessionEvent {
	id: string;
	store_id: string;
	status: 'open' | 'approved' | 'cancelled';
}

/** count.lines, on inventory: a push stored count lines of these counts (a sync poke). */
export interface CountLinesEvent {
	session_ids: string[];
	accepted: number;
	rejected: number;
}

export interface EventPayloads<Time = string> {
	'order:created': OrderEvent<Time>;
	'order:updated': OrderEvent<Time>;
	'order:cancelled': OrderEvent<Time>;
	/** A diner asked for a table (branch). */
	'session:pending': {
		sessionId: string;
		tableId: string;
		tableNumber: number;
		customerName: string;
		startedAt: Time;
	};
	/** Addition: a diner waiting over a minute reminded the staff (branch). */
	'session:reminded': {
		sessionId: string;
		tableId: string;
		tableNumber: number;
		customerName: string;
		remindedAt: Time;
	};
	'session:approved': SessionChanged;
	'session:rejected': SessionChanged;
	'session:ended': SessionChanged;
	/** A diner called a waiter or asked for the bill (branch). */
	'call:created': {
		callId: string;
		type: CallType;
		tableId: string;
		tableNumber: number;
		sessionId: string;
	};
	/** Staff took the call (branch, and the diner's session). */
	'call:acknowledged': { callId: string; type: CallType; tableId: string };
	/** The table's session closed with the call still pending (branch). */
	'call:cancelled': { callId: string; type: CallType; tableId: string; reason: 'session_closed' };
	'stock.level': StockLevelEvent;
	'purchase_order:changed': PurchaseOrderChanged;
	'stock.par': StockParEvent;
	'stock.item': StockItemEvent;
	'stock.place': StockPlaceEvent;
	'menu:changed': MenuChanged;
	'count.session': CountSessionEvent;
	'count.lines': CountLinesEvent;
}

export type EventType = keyof EventPayloads;

/** What a reader receives for an event type. */
export type EventPayload<K extends EventType> = EventPayloads[K];

/** What the server may emit for an event type (timestamps as Date or string). */
export type EmitPayload<K extends EventType> = EventPayloads<Date | string>[K];
