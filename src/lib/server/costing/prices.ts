// Writes that move a cost: a vendor's price or pack for an item, which vendor is preferred,
// removing an offer or a vendor. Each runs in one transaction with the cache recomputation
// (costing/recompute.ts) and one audit row that carries the cost changes it caused.
import type { z } from 'zod';
import type { Sql } from '../db/index';
import type { Identity } from '../auth/identity';
import { record } from '../audit/log';
import { notFound } from '../http/errors';
import * as vendors from '../purchasing/vendors';
import * as recompute from './recompute';

export interface CostEffect {
	items: recompute.ItemCostChange[];
	meals: recompute.MealCostChange[];
}

export async function putVendorItem(
	sql: Sql,
	me: Identity,
	vendorId: string,
	itemId: string,
	input: z.output<typeof vendors.vendorItemInput>
): Promise<{ offer: vendors.VendorItem; created: boolean }> {
	return sql.begin(async (tx) => {
		await vendors.requireVendor(tx, vendorId);
		await vendors.lockItem(tx, itemId);
		const before = await vendors.offerRow(tx, vendorId, itemId);
		const created = await vendors.upsertOffer(tx, vendorId, itemId, input);
		if (input.preferred === true) await vendors.prefer(tx, vendorId, itemId);
		if (input.preferred === false && before?.preferred) {
			await vendors.unprefer(tx, vendorId, itemId);
		}
		if (
			!before ||
			before.price_cents !== input.price_cents ||
			before.units_per_pack !== input.units_per_pack
		) {
			await vendors.priceHistory(tx, { vendorId, itemId, ...input }, 'manual');
		}
		const cost = await recompute.items(tx, [itemId]);
		const offer = (await vendors.offer(tx, vendorId, itemId))!;
		await record(tx, me, {
			action: created ? 'create' : 'update',
			entity: 'vendor_item',
			entityId: itemId,
			before: before ? { vendor_id: vendorId, item_id: itemId, ...before } : undefined,
			after: { ...offer, cost }
		});
		return { offer, created };
	});
}

export async function setPreferred(
	sql: Sql,
	me: Identity,
	vendorId: string,
	itemId: string
): Promise<vendors.VendorItem & { item_unit_cost_cents: number }> {
	return sql.begin(async (tx) => {
		await vendors.requireVendor(tx, vendorId);
		await vendors.lockItem(tx, itemId);
		const before = await vendors.offerRow(tx, vendorId, itemId);
		if (!before) throw notFound('This vendor does not sell this item');
		await vendors.prefer(tx, vendorId, itemId);
		const cost = await recompute.items(tx, [itemId]);
		const offer = (await vendors.offer(tx, vendorId, itemId))!;
		await record(tx, me, {
			action: 'prefer',
			entity: 'vendor_item',
			entityId: itemId,
			after: { vendor_id: vendorId, item_id: itemId, cost }
		});
		const [{ unit_cost_cents }] = await tx<{ unit_cost_cents: number }[]>`
			select unit_cost_cents from items where id = ${itemId}`;
		return { ...offer, item_unit_cost_cents: unit_cost_cents };
	});
}

export async function removeVendorItem(
	sql: Sql,
	me: Identity,
	vendorId: string,
	itemId: string
): Promise<void> {
	await sql.begin(async (tx) => {
		await vendors.requireVendor(tx, vendorId);
		await vendors.lockItem(tx, itemId);
		const before = await vendors.offer(tx, vendorId, itemId);
		if (!before) throw notFound('This vendor does not sell this item');
		await vendors.deleteOffer(tx, vendorId, itemId);
		const cost = await recompute.items(tx, [itemId]);
		await record(tx, me, {
			action: 'delete',
			entity: 'vendor_item',
			entityId: itemId,
			before,
			after: { cost }
		});
	});
}

export async function deleteVendor(sql: Sql, me: Identity, vendorId: string): Promise<void> {
	await sql.begin(async (tx) => {
		const { vendor, itemIds } = await vendors.dropOffers(tx, vendorId);
		const cost = await recompute.items(tx, itemIds);
		await vendors.deleteRow(tx, vendorId);
		await record(tx, me, {
			action: 'delete',
			entity: 'vendor',
			entityId: vendorId,
			before: vendor,
			after: { cost }
		});
	});
}
