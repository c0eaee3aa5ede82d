// Receiving a delivery against a purchase order (POST /api/v1/purchase-orders/{poID}/receipts,
// an addition to the reference). One transaction: the receipt and its lines, a `receive`
// movement per line through the stock ledger (the only writer of stock levels), the PO lines'
// received quantities and status (partially_received / received), the vendor's price when the
// invoice says otherwise (so the item cost cache and every meal using the item recompute), the
// audit row and the purchase_order:changed event. It lives in costing, not purchasing, because
// it writes the cost caches (DESIGN.md: costing → purchasing, never the reverse), like
// prices.ts.
//
// Idempotent by the client's id: the PO row is locked before the client id is looked up, so a
// retry (even a concurrent one) of the same receipt waits for the first and answers it
// (replayed: true) instead of adding stock twice. Each line's movement carries a client id
// derived from the receipt's, so the ledger would refuse a second copy too.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Sql, Tx } from '../db/index';
import type { Identity } from '../auth/identity';
import { recordChange } from '../audit/log';
import { channels } from '../../shared/channels';
import { badRequest, conflict } from '../http/errors';
import { afterReceipt, receivable } from '../../shared/po-status';
import * as ledger from '../inventory/ledger';
import * as orders from '../purchasing/orders';
import * as vendors from '../purchasing/vendors';
import * as recompute from './recompute';
import { flagDrift, type DriftFlag } from './drift';

const uuid = z.uuid({ message: 'must be a UUID' });

export const receiptInput = z.strictObject({
	/** Client-generated: the same receipt sent twice lands once. */
	client_id: uuid,
	/** The store the delivery goes into (a store of the PO's location). */
	store_id: uuid,
	invoice_number: z.string().trim().max(100).default(''),
	lines: z
		.array(
			z.strictObject({
				line_id: uuid,
				/** Packs that arrived: less than ordered (short), more (over), or 0. */
				quantity_packs: z.number().min(0).max(1_000_000),
				/** The pack price on the invoice; omitted: as ordered. */
				unit_price_cents: z.number().int().min(0).max(100_000_000).optional()
			})
		)
		.min(1, { message: 'a receipt has at least one line' })
		.max(500)
		.refine((ls) => new Set(ls.map((l) => l.line_id)).size === ls.length, {
			message: 'a line may appear only once'
		})
});

export interface PriceChange {
	item_id: string;
	vendor_id: string;
	before_cents: number;
	after_cents: number;
}

export interface ReceiveResult {
	receipt: orders.ReceiptSummary;
	purchase_order: orders.PurchaseOrder;
	/** true: this client_id had already landed; nothing changed this time. */
	replayed: boolean;
	price_changes: PriceChange[];
	cost: { items: recompute.ItemCostChange[]; meals: recompute.MealCostChange[] };
	/** Meals flagged because this receipt moved an item's cost past PURCHASING_PRICE_DRIFT_PCT. */
	flags: DriftFlag[];
}

/** The ledger client id of one line of a receipt: a UUID derived from both ids. */
export function lineClientId(receiptClientId: string, lineId: string): string {
	const h = createHash('sha256').update(`receipt:${receiptClientId}:${lineId}`).digest('hex');
	const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Quantity in item units, in 4 decimals like the ledger's numeric(14, 4). */
const units = (packs: number, perPack: number) => Number((packs * perPack).toFixed(4));

interface LineRow {
	id: string;
	item_id: string;
	quantity_packs: number;
	units_per_pack: number;
	unit_price_cents: number;
	received_packs: number;
}

async function replay(
	tx: Tx,
	me: Identity,
	poId: string,
	receiptId: string
): Promise<ReceiveResult> {
	const po = (await orders.get(tx, me, poId))!;
	return {
		receipt: po.receipts!.find((r) => r.id === receiptId)!,
		purchase_order: po,
		replayed: true,
		price_changes: [],
		cost: { items: [], meals: [] },
		flags: []
	};
}

export async function receive(
	sql: Sql,
	me: Identity,
	poId: string,
	input: z.output<typeof receiptInput>
): Promise<ReceiveResult> {
	return sql.begin(async (tx) => {
		// The PO lock first: receipts of one PO (and their retries) go one after another.
		const po = await orders.lockFor(tx, me, poId);
		const [seen] = await tx<{ id: string; purchase_order_id: string }[]>`
			select id, purchase_order_id from receipts where client_id = ${input.client_id}`;
		if (seen) {
			if (seen.purchase_order_id !== poId) {
				throw conflict(`client_id ${input.client_id} was already used for another receipt`);
			}
			return replay(tx, me, poId, seen.id);
		}
		if (!receivable(po.status)) {
			throw conflict(`A ${po.status} purchase order cannot be received`);
		}
		const [store] = await tx<{ location_id: string }[]>`
			select location_id from stores where id = ${input.store_id}`;
		if (!store) throw badRequest('store_id: no such store');
		if (store.location_id !== po.location_id) {
			throw badRequest("store_id: the store is not at this purchase order's location");
		}
		const poLines = await tx<LineRow[]>`
			select id, item_id, quantity_packs, units_per_pack, unit_price_cents, received_packs
			from purchase_order_lines where purchase_order_id = ${poId}`;
		const lines = input.lines.map((l, i) => {
			const row = poLines.find((r) => r.id === l.line_id);
			if (!row) throw badRequest(`lines.${i}.line_id: not a line of this purchase order`);
			return { ...l, row, price: l.unit_price_cents ?? row.unit_price_cents };
		});

		const [receipt] = await tx<{ id: string }[]>`
			insert into receipts (client_id, purchase_order_id, store_id, invoice_number, received_by)
			values (${input.client_id}, ${poId}, ${input.store_id}, ${input.invoice_number}, ${me.userId})
			on conflict (client_id) do nothing returning id`;
		// Another PO's receipt took this client id while we waited for our PO.
		if (!receipt)
			throw conflict(`client_id ${input.client_id} was already used for another receipt`);

		// Stock: level rows locked in one order, then one movement per line (item order).
		const arriving = lines
			.filter((l) => l.quantity_packs > 0)
			.sort((a, b) => a.row.item_id.localeCompare(b.row.item_id));
		await ledger.lockLevels(
			tx,
			input.store_id,
			arriving.map((l) => l.row.item_id)
		);
		const note = `PO ${poId.slice(0, 8)}${input.invoice_number ? ` invoice ${input.invoice_number}` : ''}`;
		for (const l of arriving) {
			await ledger.move(tx, me, {
				storeId: input.store_id,
				itemId: l.row.item_id,
				delta: units(l.quantity_packs, l.row.units_per_pack),
				reason: 'receive',
				note,
				clientId: lineClientId(input.client_id, l.line_id)
			});
		}
		for (const l of lines) {
			await tx`insert into receipt_lines (receipt_id, line_id, item_id, quantity_packs, unit_price_cents)
				values (${receipt.id}, ${l.line_id}, ${l.row.item_id}, ${l.quantity_packs}, ${l.price})`;
			if (l.quantity_packs > 0) {
				await tx`update purchase_order_lines set received_packs = received_packs + ${l.quantity_packs}
					where id = ${l.line_id}`;
			}
		}

		// Prices: the invoice's pack price becomes the vendor's price for the item.
		const priced = lines
			.filter((l) => l.unit_price_cents !== undefined)
			.sort((a, b) => a.row.item_id.localeCompare(b.row.item_id));
		const priceChanges: PriceChange[] = [];
		// A price that differs takes the vendor's lock before any item lock, in the order of
		// the vendor-item writer (prices.ts: vendor, then item); the price history's foreign key
		// would otherwise wait on that writer while it waits on our item lock.
		const offered = await tx<{ item_id: string; price_cents: number }[]>`
			select item_id, price_cents from vendor_items
			where vendor_id = ${po.vendor_id} and item_id = any(${priced.map((l) => l.row.item_id)}::uuid[])`;
		if (
			priced.some((l) =>
				offered.some((o) => o.item_id === l.row.item_id && o.price_cents !== l.price)
			)
		) {
			await vendors.requireVendor(tx, po.vendor_id);
		} else {
			priced.length = 0;
		}
		for (const l of priced) {
			await vendors.lockItem(tx, l.row.item_id);
			const offer = await vendors.offerRow(tx, po.vendor_id, l.row.item_id);
			// The vendor stopped offering the item since the PO: the receipt line keeps the price.
			if (!offer || offer.price_cents === l.price) continue;
			await vendors.upsertOffer(tx, po.vendor_id, l.row.item_id, {
				...offer,
				price_cents: l.price
			});
			await vendors.priceHistory(
				tx,
				{
					vendorId: po.vendor_id,
					itemId: l.row.item_id,
					price_cents: l.price,
					units_per_pack: offer.units_per_pack
				},
				'receipt',
				receipt.id
			);
			priceChanges.push({
				item_id: l.row.item_id,
				vendor_id: po.vendor_id,
				before_cents: offer.price_cents,
				after_cents: l.price
			});
		}
		const cost = await recompute.items(
			tx,
			priceChanges.map((c) => c.item_id)
		);
		const flags = await flagDrift(tx, receipt.id, cost.items);

		// Status: received once every line has what it ordered (overs count), else partial.
		const after = await tx<{ quantity_packs: number; received_packs: number }[]>`
			select quantity_packs, received_packs from purchase_order_lines where purchase_order_id = ${poId}`;
		const status = afterReceipt(
			after.map((l) => ({ ordered: l.quantity_packs, received: l.received_packs }))
		);
		await tx`update purchase_orders set status = ${status}, updated_at = now(),
			received_at = case when ${status} = 'received' then now() else received_at end
			where id = ${poId}`;

		const out = await replay(tx, me, poId, receipt.id);
		await recordChange(
			tx,
			me,
			{
				action: 'receive',
				entity: 'receipt',
				entityId: receipt.id,
				locationId: po.location_id,
				before: { purchase_order_id: poId, status: po.status },
				after: {
					purchase_order_id: poId,
					status,
					receipt: out.receipt,
					price_changes: priceChanges,
					cost,
					flags
				}
			},
			{
				to: channels.branch(po.location_id),
				type: 'purchase_order:changed',
				payload: { id: poId, status, change: 'received' }
			}
		);
		return { ...out, replayed: false, price_changes: priceChanges, cost, flags };
	});
}
