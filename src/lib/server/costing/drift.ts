// Price drift: a receipt that moved an item's unit cost by more than PURCHASING_PRICE_DRIFT_PCT
// flags every meal using the item (meal_cost_flags, naming the receipt), for a person to look
// at the menu price. Flags show in meal responses (cost_flags) until resolved.
import type { Tx } from '../db/index';
import { config } from '../config';
import { changePct, drifted } from '../../shared/cost';
import type { ItemCostChange } from './recompute';

export interface DriftFlag {
	id: string;
	meal_id: string;
	item_id: string;
	receipt_id: string;
	old_unit_cost_cents: number;
	new_unit_cost_cents: number;
	change_pct: number;
}

export async function flagDrift(
	tx: Tx,
	receiptId: string,
	changes: readonly ItemCostChange[]
): Promise<DriftFlag[]> {
	const threshold = config.priceDriftPct;
	const flags: DriftFlag[] = [];
	for (const c of changes) {
		// Only a price move of the same (preferred) vendor is drift; a first price is not.
		if (c.vendor_before === null || c.vendor_before !== c.vendor_after) continue;
		if (!drifted(c.before, c.after, threshold)) continue;
		const pct = changePct(c.before, c.after)!;
		const rows = await tx<DriftFlag[]>`
			insert into meal_cost_flags (meal_id, item_id, receipt_id, old_unit_cost_cents,
				new_unit_cost_cents, change_pct)
			select distinct meal_id, ${c.item_id}::uuid, ${receiptId}::uuid, ${c.before}::bigint,
				${c.after}::bigint, ${pct}::numeric
			from meal_components where item_id = ${c.item_id}
			returning id, meal_id, item_id, receipt_id, old_unit_cost_cents, new_unit_cost_cents, change_pct`;
		flags.push(...rows);
	}
	return flags;
}
