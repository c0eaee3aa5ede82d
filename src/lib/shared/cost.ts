// Cost arithmetic, pure and shared: the server's recompute module (costing/recompute.ts), the
// property test and the browser's previews all call these, so "the cache equals a recomputation"
// is a statement about one definition.
//
// Money is integer cents. Rounding happens once per step a person can see: the item's cost per
// unit (what the catalog shows), then each component's cost (what the breakdown shows); a
// meal's cost is the exact sum of its components' shown costs.

/** Half-up rounding that ignores float noise (0.1 * 3 = 0.30000000000000004). */
export function roundCents(x: number): number {
	return Math.round(Number(x.toFixed(6)));
}

/** Cost of one item unit from a vendor's pack price (a 40 lb case at 6000 → 150 per lb). */
export function unitCostFromPack(packPriceCents: number, unitsPerPack: number): number {
	if (!(unitsPerPack > 0)) throw new RangeError('unitsPerPack must be > 0');
	return roundCents(packPriceCents / unitsPerPack);
}

export interface VendorOffer {
	vendor_id: string;
	price_cents: number;
	units_per_pack: number;
	preferred: boolean;
}

export interface ItemCost {
	/** 0 when unpriced: read `vendor_id` to know which. */
	unit_cost_cents: number;
	/** The preferred vendor the cost came from; null = the item has no price. */
	vendor_id: string | null;
}

/** The item cost cache: the preferred vendor's price per item unit, or unpriced. */
export function itemCost(offers: readonly VendorOffer[]): ItemCost {
	const p = offers.find((o) => o.preferred);
	if (!p) return { unit_cost_cents: 0, vendor_id: null };
	return {
		unit_cost_cents: unitCostFromPack(p.price_cents, p.units_per_pack),
		vendor_id: p.vendor_id
	};
}

export interface ComponentInput {
	/** The item's cached unit cost; ignored when `priced` is false. */
	unit_cost_cents: number;
	priced: boolean;
	/** In the item's own unit, as plated. */
	quantity: number;
	/** Share of what is bought that reaches the plate, (0, 100]. */
	yield_pct: number;
}

/** What one component costs: buying quantity / yield of the item. Null when unpriced. */
export function componentCost(c: ComponentInput): number | null {
	if (!c.priced) return null;
	return roundCents((c.unit_cost_cents * c.quantity * 100) / c.yield_pct);
}

export interface MealCost {
	/** Sum of the components' costs; null when any is unpriced or there are none. */
	unit_cost_cents: number | null;
	/** Sum of what is known, for showing a partial figure next to the flag. */
	priced_cost_cents: number;
	unpriced_components: number;
}

export function mealCost(components: readonly ComponentInput[]): MealCost {
	let sum = 0;
	let missing = 0;
	for (const c of components) {
		const v = componentCost(c);
		if (v === null) missing++;
		else sum += v;
	}
	// A meal without a bill of materials has an unknown cost, not a zero one.
	const complete = missing === 0 && components.length > 0;
	return {
		unit_cost_cents: complete ? sum : null,
		priced_cost_cents: sum,
		unpriced_components: missing
	};
}

/** Food cost as a % of the menu price, one decimal; null when either side is unknown. */
export function foodCostPct(costCents: number | null, priceCents: number): number | null {
	if (costCents === null || !(priceCents > 0)) return null;
	return Math.round((costCents / priceCents) * 1000) / 10;
}

/**
 * Change of a unit cost in %, for drift checks; null when there was no price before (a
 * first price is not drift).
 */
export function changePct(before: number, after: number): number | null {
	if (!(before > 0)) return null;
	return Math.round(((after - before) / before) * 10000) / 100;
}

export function drifted(before: number, after: number, thresholdPct: number): boolean {
	const c = changePct(before, after);
	return c !== null && Math.abs(c) > thresholdPct;
}

/** Whole packs that cover a deficit in item units (never 0 for a real deficit). */
export function packsFor(deficit: number, unitsPerPack: number): number {
	if (!(deficit > 0)) return 0;
	return Math.ceil(Number((deficit / unitsPerPack).toFixed(6)));
}
