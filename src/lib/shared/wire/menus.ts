// Wire types of menus, dayparts, placements and the live menu (/api/v1). Timestamps are
// `string` on the wire; the server passes `Date` (JSON turns it into RFC 3339 UTC).
import type { SoldOutReason } from '../portions';

export interface Menu<Time = string> {
	id: string;
	name: string;
	description: string;
	created_at: Time;
	updated_at: Time;
}

export interface Daypart<Time = string> {
	id: string;
	location_id: string;
	name: string;
	/** ISO weekdays, 1 (Mon) … 7 (Sun). */
	days: number[];
	/** Local wall time in the location's zone, `HH:MM:SS`; an end at or before the start spans past midnight. */
	starts_at: string;
	ends_at: string;
	created_at: Time;
	updated_at: Time;
}

export interface Placement<Time = string> {
	id: string;
	location_id: string;
	menu_id: string;
	/** null: every daypart (all day). */
	daypart_id: string | null;
	meal_id: string | null;
	item_id: string | null;
	position: number;
	sold_out: boolean;
	/** When it was last marked sold out (null while on sale). */
	sold_out_at: Time | null;
	created_at: Time;
	updated_at: Time;
}

/** One dish of the live menu, in order. */
export interface LiveEntry {
	placement_id: string;
	menu_id: string;
	kind: 'meal' | 'item';
	/** The meal's or the item's id. */
	id: string;
	name: string;
	description: string;
	price_cents: number;
	/** Addition: the dish's menu category ('' for none). */
	category: string;
	/** Addition: allergen and diet tags from the fixed vocabulary (shared/dishes.ts). */
	tags: string[];
	/** Manually 86'd, or (predictive) the stock cannot cover one portion. */
	sold_out: boolean;
	/** Addition: why — 'manual' (the 86, always wins) or 'stock' (predictive); null on sale. */
	sold_out_reason: SoldOutReason | null;
	/** Addition: the "only N left" hint — portions the stock covers when at most MENU_ONLY_LEFT. */
	portions_left: number | null;
	position: number;
}

/** GET /api/v1/locations/{locationID}/menu/current */
export interface CurrentMenu<Time = string> {
	location_id: string;
	time_zone: string;
	/** Addition: the location's ISO 4217 currency, which `price_cents` are in. */
	currency: string;
	/** The instant this was resolved for. */
	at: Time;
	/** The menu with the most live entries (null when nothing is live). */
	menu: { id: string; name: string } | null;
	daypart: { id: string; name: string; starts_at: string; ends_at: string } | null;
	/** When the live daypart next changes (null: not within a week). */
	next_change_at: Time | null;
	next_daypart: { id: string; name: string } | null;
	entries: LiveEntry[];
	/**
	 * Addition: what will be live from `next_change_at` (null when there is no next change), so
	 * a screen switches at the boundary by itself, offline too.
	 */
	next_entries: LiveEntry[] | null;
}

// GET /api/v1/menu-health: what src/lib/server/menus/health.ts finds and the screen shows.

/** The stable codes of findings (health.ts says when each is raised). */
export type FindingCode =
	| 'DAYPART_TOO_FEW_ENTRIES'
	| 'DUPLICATE_DISH'
	| 'SERVICE_GAP'
	| 'DAYPARTS_OVERLAP'
	| 'SOLD_OUT_TOO_LONG'
	| 'FOOD_COST_ABOVE_TARGET'
	| 'FOOD_COST_OUTLIER'
	| 'UNPRICED_COMPONENTS'
	| 'COST_DRIFT';

export type EntityType = 'daypart' | 'placement' | 'meal' | 'item' | 'menu';
export interface EntityRef {
	type: EntityType;
	id: string;
	name: string;
}

export interface Finding {
	code: FindingCode;
	severity: 'warning' | 'info';
	explanation: string;
	entities: EntityRef[];
}
