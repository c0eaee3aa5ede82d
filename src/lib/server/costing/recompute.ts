// The one writer of the cost caches: items.unit_cost_cents / unit_cost_vendor_id (the
// preferred vendor's price per item unit) and meals.unit_cost_cents (sum of its components).
// Every write that can move a cost (vendor price, pack, preferred vendor, vendor or vendor-item
// removal, a receipt at a new price, a meal's components) calls in here inside its own
// transaction, so a reader never sees a price change without the costs that follow from it.
import type { Db } from '../db/index';
import { itemCost, mealCost, type VendorOffer } from '../../shared/cost';

export interface ItemCostChange {
	item_id: string;
	before: number;
	after: number;
	vendor_before: string | null;
	vendor_after: string | null;
}

export interface MealCostChange {
	meal_id: string;
	before: number | null;
	after: number | null;
}

/**
 * Recomputes the item caches of `itemIds`, then of every meal using any of them. Locks the
 * items first (sorted, so concurrent writers queue instead of deadlocking) and reads the offers
 * after the lock, so the last writer always computes from committed data. The lock is FOR NO
 * KEY UPDATE: it queues price writers on each other but not on rows that merely reference the
 * item (a stock movement's foreign key takes a key-share lock, which FOR UPDATE would wait on
 * while a receipt holds the inventory channel that movement's writer needs next).
 */
export async function items(
	tx: Db,
	itemIds: readonly string[]
): Promise<{ items: ItemCostChange[]; meals: MealCostChange[] }> {
	const ids = [...new Set(itemIds)].sort();
	if (ids.length === 0) return { items: [], meals: [] };
	const current = await tx<
		{ id: string; unit_cost_cents: number; unit_cost_vendor_id: string | null }[]
	>`
		select id, unit_cost_cents, unit_cost_vendor_id from items
		where id = any(${ids}::uuid[]) order by id for no key update`;
	const offers = await tx<(VendorOffer & { item_id: string })[]>`
		select item_id, vendor_id, price_cents, units_per_pack, preferred from vendor_items
		where item_id = any(${ids}::uuid[])`;
	const changes: ItemCostChange[] = [];
	for (const it of current) {
		const next = itemCost(offers.filter((o) => o.item_id === it.id));
		if (next.unit_cost_cents === it.unit_cost_cents && next.vendor_id === it.unit_cost_vendor_id)
			continue;
		await tx`update items set unit_cost_cents = ${next.unit_cost_cents},
			unit_cost_vendor_id = ${next.vendor_id}, updated_at = now() where id = ${it.id}`;
		changes.push({
			item_id: it.id,
			before: it.unit_cost_cents,
			after: next.unit_cost_cents,
			vendor_before: it.unit_cost_vendor_id,
			vendor_after: next.vendor_id
		});
	}
	const users = await tx<{ meal_id: string }[]>`
		select distinct meal_id from meal_components where item_id = any(${ids}::uuid[])`;
	return {
		items: changes,
		meals: await meals(
			tx,
			users.map((u) => u.meal_id)
		)
	};
}

/** Recomputes the cost cache of these meals from their components' current item costs. */
export async function meals(tx: Db, mealIds: readonly string[]): Promise<MealCostChange[]> {
	const ids = [...new Set(mealIds)].sort();
	if (ids.length === 0) return [];
	// Lock first, read components after: a concurrent item-cost change that commits while we
	// wait is then part of what we read (read committed takes a new snapshot per statement).
	const current = await tx<{ id: string; unit_cost_cents: number | null }[]>`
		select id, unit_cost_cents from meals where id = any(${ids}::uuid[]) order by id for no key update`;
	const comps = await tx<
		{
			meal_id: string;
			quantity: number;
			yield_pct: number;
			unit_cost_cents: number;
			priced: boolean;
		}[]
	>`
		select c.meal_id, c.quantity, c.yield_pct, i.unit_cost_cents,
			i.unit_cost_vendor_id is not null as priced
		from meal_components c join items i on i.id = c.item_id
		where c.meal_id = any(${ids}::uuid[])`;
	const changes: MealCostChange[] = [];
	for (const m of current) {
		const next = mealCost(comps.filter((c) => c.meal_id === m.id)).unit_cost_cents;
		if (next === m.unit_cost_cents) continue;
		await tx`update meals set unit_cost_cents = ${next}, cost_updated_at = now() where id = ${m.id}`;
		await tx`insert into meal_cost_history (meal_id, unit_cost_cents) values (${m.id}, ${next})`;
		changes.push({ meal_id: m.id, before: m.unit_cost_cents, after: next });
	}
	return changes;
}
