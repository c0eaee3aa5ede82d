// POST /api/v1/purchase-orders/from-low-stock: the campus's low-stock report turned into draft
// purchase orders. Each low item goes to its preferred vendor (one draft per vendor, since a PO
// has one vendor) with the quantity that restores par, rounded up to whole packs of that
// vendor; items without a preferred vendor come back in `without_preferred_vendor`, never
// dropped. An item at exactly its reorder point with nothing missing to par needs no line and
// comes back in `at_par`.
import { z } from 'zod';
import type { Sql } from '../db/index';
import type { Identity } from '../auth/identity';
import { requireLocation } from '../auth/guard';
import { record } from '../audit/log';
import { badRequest } from '../http/errors';
import { lowStock, type LowStockRow } from '../inventory/reports';
import { packsFor } from '../../shared/cost';
import { changed, get, insertDraft, type PurchaseOrder } from './orders';

const uuid = z.uuid({ message: 'must be a UUID' });

export const fromLowStockInput = z.strictObject({
	location_id: uuid,
	/** Only this vendor's items (the others are left for another tap). */
	vendor_id: uuid.optional(),
	/** Only these low items (a selection on the low-stock list). */
	item_ids: z.array(uuid).min(1).max(500).optional(),
	notes: z.string().trim().max(2000).default('')
});

export interface FromLowStock {
	purchase_orders: PurchaseOrder[];
	without_preferred_vendor: LowStockRow[];
	at_par: LowStockRow[];
}

interface Preferred {
	item_id: string;
	vendor_id: string;
	units_per_pack: number;
}

export async function fromLowStock(
	sql: Sql,
	me: Identity,
	input: z.output<typeof fromLowStockInput>
): Promise<FromLowStock> {
	requireLocation(me, input.location_id);
	return sql.begin(async (tx) => {
		const [loc] = await tx`select id from locations where id = ${input.location_id}`;
		if (!loc) throw badRequest('location_id: no such location');
		if (input.vendor_id) {
			const [v] = await tx`select id from vendors where id = ${input.vendor_id}`;
			if (!v) throw badRequest('vendor_id: no such vendor');
		}
		const wanted = input.item_ids ? new Set(input.item_ids) : null;
		const low = (await lowStock(tx, me, input.location_id)).filter(
			(r) => !wanted || wanted.has(r.item_id)
		);
		const preferred = low.length
			? await tx<Preferred[]>`
				select item_id, vendor_id, units_per_pack from vendor_items
				where preferred and item_id = any(${low.map((r) => r.item_id)}::uuid[])`
			: [];
		const byVendor = new Map<string, { item_id: string; quantity_packs: number }[]>();
		const result: FromLowStock = { purchase_orders: [], without_preferred_vendor: [], at_par: [] };
		for (const row of low) {
			const p = preferred.find((o) => o.item_id === row.item_id);
			if (!p) {
				result.without_preferred_vendor.push(row);
				continue;
			}
			if (input.vendor_id && p.vendor_id !== input.vendor_id) continue;
			const packs = packsFor(row.deficit, p.units_per_pack);
			if (packs === 0) {
				result.at_par.push(row);
				continue;
			}
			const lines = byVendor.get(p.vendor_id) ?? [];
			lines.push({ item_id: row.item_id, quantity_packs: packs });
			byVendor.set(p.vendor_id, lines);
		}
		for (const [vendorId, lines] of [...byVendor].sort(([a], [b]) => a.localeCompare(b))) {
			const id = await insertDraft(tx, me, {
				location_id: input.location_id,
				vendor_id: vendorId,
				notes: input.notes,
				lines
			});
			const po = (await get(tx, me, id))!;
			await record(tx, me, {
				action: 'create',
				entity: 'purchase_order',
				entityId: id,
				locationId: po.location_id,
				after: { ...po, source: 'low_stock' }
			});
			await changed(tx, po, 'created');
			result.purchase_orders.push(po);
		}
		return result;
	});
}
