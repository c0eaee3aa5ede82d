// Predictive 86 (issue 14), pure and shared: how many portions of a dish the stock at a
// location can still cover, and what the live menu then shows. The resolver (menus/live.ts)
// and the stock watcher (menus/stock.ts) both call these, so "what the menu shows" and "when
// the screens are told it changed" are one definition.
//
// Decisions:
// - A portion of a meal takes each component's buying quantity, quantity × 100 / yield_pct
//   (what costing charges and what a sale consumes); an item sold as itself takes 1 unit.
// - Stock is the location's: the sum of its stores' levels (the line can fetch from the
//   walk-in), not only the line store the sales are taken from.
// - Only components tracked at the location count: an item with no level row in any of its
//   stores (never stocked, never counted) says nothing about availability, so an install that
//   does not keep stock never sees predicted 86s. A dish with no tracked component is never
//   predicted sold out.
// - The manual 86 always wins: a manually sold-out dish reads `manual`, whatever the stock.

/** One component of a dish: what a portion takes, and the location's stock (null: untracked). */
export interface PortionInput {
	per_portion: number;
	stock: number | null;
}

// Levels are numeric(14, 4); a division like 1 / 0.3333 must not lose a portion to float noise.
const EPSILON = 1e-9;

/** Whole portions the tracked components can cover (≥ 0), or null when none is tracked. */
export function portionsCoverable(components: readonly PortionInput[]): number | null {
	let n = Infinity;
	for (const c of components) {
		if (c.stock === null || !(c.per_portion > 0)) continue;
		n = Math.min(n, Math.floor(c.stock / c.per_portion + EPSILON));
	}
	return n === Infinity ? null : Math.max(0, n);
}

export type SoldOutReason = 'manual' | 'stock';

export interface Availability {
	sold_out: boolean;
	/** Why it is sold out: the manual 86, or the stock cannot cover one portion. */
	sold_out_reason: SoldOutReason | null;
	/** The "only N left" hint: set when 1 ≤ portions ≤ the threshold, else null. */
	portions_left: number | null;
}

/** What the menu shows for a dish: manual 86 first, then the stock's portions. */
export function availability(
	manual: boolean,
	portions: number | null,
	threshold: number
): Availability {
	if (manual) return { sold_out: true, sold_out_reason: 'manual', portions_left: null };
	if (portions !== null && portions < 1) {
		return { sold_out: true, sold_out_reason: 'stock', portions_left: null };
	}
	const hint = portions !== null && portions <= threshold ? portions : null;
	return { sold_out: false, sold_out_reason: null, portions_left: hint };
}

/** A key that changes exactly when what the screens show changes (sold out, or N left). */
export function availabilityKey(a: Availability): string {
	return `${a.sold_out_reason ?? ''}:${a.portions_left ?? ''}`;
}
