// Wire types and vocabularies of stores, levels and movements (/api/v1). Timestamps are
// `string` on the wire; the server passes `Date` (JSON turns it into RFC 3339 UTC).

/** Reasons known today, in the reference's order (the usage report's columns follow it). */
export const REASONS = ['waste', 'adjust', 'count_correction', 'receive'] as const;
export type StockReason = (typeof REASONS)[number];
/**
 * Reasons beyond the reference (it lets the set grow): `sale`, the components of orders made
 * ready (issue 14). The usage report counts them only when asked (`reasons=…,sale`), so a
 * reader of the reference's shape and columns gets exactly those.
 */
export const EXTRA_REASONS = ['sale'] as const;
export type ExtraReason = (typeof EXTRA_REASONS)[number];
/** Every reason a movement may carry, the reference's first and in its order. */
export const ALL_REASONS = [...REASONS, ...EXTRA_REASONS] as const;
export type AnyReason = (typeof ALL_REASONS)[number];
export const WASTE_REASONS = ['spoiled', 'over_prep', 'contamination', 'expired', 'other'] as const;
export type WasteReason = (typeof WASTE_REASONS)[number];

export interface Store<Time = string> {
	id: string;
	location_id: string;
	name: string;
	kind: string;
	created_at: Time;
	updated_at: Time;
}

/** One item in a store: its level (0 when never stocked) and the par of the store's location. */
export interface InventoryLine<Time = string> {
	item_id: string;
	item_name: string;
	item_sku: string;
	unit: string;
	quantity: number;
	/** The sum over the location's stores: what the par and `low` are about. */
	location_quantity: number;
	par_level: number | null;
	reorder_point: number | null;
	low: boolean;
	updated_at: Time | null;
}

/**
 * Where an item sits in a store (`GET /api/v1/stores/{storeID}/places`, an addition): the
 * count walks areas by `area_order`, then shelves by `shelf_order` within the area.
 */
export interface StorePlace {
	item_id: string;
	item_name: string;
	item_sku: string;
	unit: string;
	area: string;
	area_order: number;
	shelf_order: number;
}

/** An item stocked in the store without a place: a count walks it last, under "Other". */
export interface UnplacedItem {
	item_id: string;
	item_name: string;
	item_sku: string;
	unit: string;
}

/** A store's walk: its places in walk order, then what is stocked there without a place. */
export interface StorePlaces {
	store_id: string;
	store_name: string;
	location_id: string;
	places: StorePlace[];
	unplaced: UnplacedItem[];
}

// GET /api/v1/stores/{storeID}/usage/daily (an addition; src/lib/server/inventory/reports.ts).

/** The reference's four reasons always; `sale` too when it was asked for. */
export type ByReason = Record<StockReason, number> & Partial<Record<ExtraReason, number>>;

export interface UsageDay {
	/** A calendar day of the location, YYYY-MM-DD. */
	day: string;
	/** Quantity moved, items of every unit summed as they are (activity, not an amount). */
	by_reason: ByReason;
	waste_by_reason: Record<WasteReason, number>;
	/** The same at each item's unit cost today, in integer cents of the location's currency. */
	value_by_reason_cents: ByReason;
	waste_value_by_reason_cents: Record<WasteReason, number>;
}

export interface UsageDaily {
	from: string;
	to: string;
	reasons: AnyReason[];
	days: UsageDay[];
}
