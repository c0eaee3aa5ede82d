// What the purchasing and costing screens read from /api/v1 (src/lib/server/purchasing/ and
// src/lib/server/costing/), as JSON puts it on the wire: timestamps are RFC 3339 strings.
import type { PoStatus } from '../po-status';

export interface Vendor {
	id: string;
	name: string;
	contact_email: string | null;
	phone: string | null;
}

export interface VendorItem {
	vendor_id: string;
	vendor_name: string;
	item_id: string;
	item_name: string;
	item_sku: string;
	/** The item's own unit (lb, each, l). */
	unit: string;
	/** One pack, in cents. */
	price_cents: number;
	vendor_sku: string | null;
	purchase_unit: string;
	units_per_pack: number;
	/** This offer's price per item unit (what the item would cost with this vendor). */
	unit_cost_cents: number;
	preferred: boolean;
}

export interface PoLine {
	id: string;
	item_id: string;
	item_name: string;
	item_sku: string;
	/** The item's own unit; one pack holds units_per_pack of it. */
	unit: string;
	vendor_sku: string | null;
	quantity_packs: number;
	purchase_unit: string;
	units_per_pack: number;
	unit_price_cents: number;
	line_total_cents: number;
	received_packs: number;
}

export interface Receipt {
	id: string;
	client_id: string;
	store_id: string;
	invoice_number: string;
	received_by: string | null;
	created_at: string;
	lines: { line_id: string; item_id: string; quantity_packs: number; unit_price_cents: number }[];
}

export interface PurchaseOrder {
	id: string;
	location_id: string;
	vendor_id: string;
	vendor_name: string;
	status: PoStatus;
	notes: string;
	submitted_at: string | null;
	received_at: string | null;
	created_at: string;
	total_cents: number;
	lines: PoLine[];
	receipts?: Receipt[];
}

export interface LowStockRow {
	item_id: string;
	item_name: string;
	item_sku: string;
	unit: string;
	current_stock: number;
	par_level: number;
	deficit: number;
}

/** POST /api/v1/purchase-orders/from-low-stock */
export interface FromLowStock {
	purchase_orders: PurchaseOrder[];
	without_preferred_vendor: LowStockRow[];
	at_par: LowStockRow[];
}

export interface CostFlag {
	id: string;
	item_id: string;
	receipt_id: string | null;
	old_unit_cost_cents: number;
	new_unit_cost_cents: number;
	change_pct: number;
	created_at: string;
}

/** POST /api/v1/purchase-orders/{poID}/receipts */
export interface ReceiveResult {
	receipt: Receipt;
	purchase_order: PurchaseOrder;
	replayed: boolean;
	price_changes: {
		item_id: string;
		vendor_id: string;
		before_cents: number;
		after_cents: number;
	}[];
	cost: {
		items: { item_id: string; before: number; after: number }[];
		meals: { meal_id: string; before: number | null; after: number | null }[];
	};
	flags: (Omit<CostFlag, 'created_at'> & { meal_id: string })[];
}

export interface MealComponent {
	item_id: string;
	item_name: string;
	item_sku: string;
	unit: string;
	quantity: number;
	yield_pct: number;
	priced: boolean;
	item_unit_cost_cents: number | null;
	cost_cents: number | null;
}

export interface Meal {
	id: string;
	name: string;
	description: string;
	price_cents: number;
	/** Addition: menu category ('' for none). */
	category: string;
	/** Addition: allergen and diet tags (shared/dishes.ts). */
	tags: string[];
	unit_cost_cents: number | null;
	cost_complete: boolean;
	priced_cost_cents: number;
	unpriced_components: number;
	food_cost_pct: number | null;
	cost_flags: CostFlag[];
	components: MealComponent[];
	/** GET /api/v1/meals/{mealID} only: newest first. */
	cost_history?: { unit_cost_cents: number | null; at: string }[];
}
