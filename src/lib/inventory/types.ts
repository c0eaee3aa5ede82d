// What the inventory screens share: the wire types (src/lib/shared/wire/inventory.ts) and how
// quantities and reasons read.
export interface Location {
	id: string;
	name: string;
	/** ISO 4217: the currency of the location's prices and costs. */
	currency: string;
}
export {
	ALL_REASONS,
	REASONS,
	WASTE_REASONS,
	type InventoryLine,
	type Store
} from '../shared/wire/inventory';
export const label = (s: string) => s.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
/** Quantities as people read them: at most 2 decimals, no trailing zeros. */
export const qty = (n: number) => String(Math.round(n * 100) / 100);

/** The location and store last picked on this device, kept across the inventory screens. */
export const STORE_KEY = 'preptable:inventory:store';
