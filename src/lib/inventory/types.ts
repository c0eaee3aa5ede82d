// Shapes the inventory screens read from /api/v1 (see src/lib/server/inventory/).
export interface Location {
	id: string;
	name: string;
}
export interface Store {
	id: string;
	location_id: string;
	name: string;
}
export interface InventoryLine {
	item_id: string;
	item_name: string;
	item_sku: string;
	unit: string;
	quantity: number;
	par_level: number | null;
	reorder_point: number | null;
	low: boolean;
}
export const WASTE_REASONS = ['spoiled', 'over_prep', 'contamination', 'expired', 'other'] as const;
export const REASONS = ['waste', 'adjust', 'count_correction', 'receive'] as const;
export const label = (s: string) => s.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
/** Quantities as people read them: at most 2 decimals, no trailing zeros. */
export const qty = (n: number) => String(Math.round(n * 100) / 100);

/** The location and store last picked on this device, kept across the inventory screens. */
export const STORE_KEY = 'preptable:inventory:store';
