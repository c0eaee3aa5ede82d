// Vendors and what they sell (vendor_items: pack price, vendor sku, pack size). Tenant-global
// catalog data: admins write, staff read. Writes that move a cost (prices, packs, the preferred
// vendor, removals) go through costing/prices.ts, which recomputes the caches in the same
// transaction; this module holds the vendor rows and the plain reads and writes of offers.
import { z } from 'zod';
import type { Db, Sql } from '../db/index';
import type { Identity } from '../auth/identity';
import { record } from '../audit/log';
import { conflict, notFound } from '../http/errors';
import { unitCostFromPack } from '../../shared/cost';
import type { VendorItem as WireVendorItem } from '../../shared/wire/purchasing';

const optionalText = (max: number) =>
	z
		.string()
		.trim()
		.max(max)
		.nullish()
		.transform((v) => (v ? v : null));

export const vendorInput = z.strictObject({
	name: z.string().trim().min(1).max(200),
	contact_email: z
		.email({ message: 'must be an email address' })
		.max(200)
		.nullish()
		.transform((v) => v ?? null),
	phone: optionalText(40)
});
export const vendorUpdate = vendorInput.partial();

export const vendorItemInput = z.strictObject({
	/** Price of one pack, in cents. */
	price_cents: z.number().int().min(0).max(100_000_000),
	vendor_sku: optionalText(64),
	/** What the vendor sells by: "case", "bag", "each". */
	purchase_unit: z.string().trim().min(1).max(20).default('each'),
	/** How many of the item's own unit one pack holds (a 40 lb case: 40). */
	units_per_pack: z.number().positive().max(1_000_000).default(1),
	/** Make this the item's preferred vendor (its price becomes the item's cost). */
	preferred: z.boolean().optional()
});

export interface Vendor {
	id: string;
	name: string;
	contact_email: string | null;
	phone: string | null;
	created_at: Date;
	updated_at: Date;
}

/** A vendor's offer of an item, as the wire has it, with when it last changed. */
export interface VendorItem extends WireVendorItem {
	updated_at: Date;
}

export async function list(db: Db): Promise<Vendor[]> {
	return db<Vendor[]>`
		select id, name, contact_email, phone, created_at, updated_at from vendors order by name`;
}

export async function get(db: Db, id: string): Promise<Vendor | undefined> {
	const [v] = await db<Vendor[]>`
		select id, name, contact_email, phone, created_at, updated_at from vendors where id = ${id}`;
	return v;
}

async function lock(tx: Db, id: string): Promise<Vendor | undefined> {
	const [v] = await tx<Vendor[]>`
		select id, name, contact_email, phone, created_at, updated_at from vendors
		where id = ${id} for update`;
	return v;
}

export async function requireVendor(tx: Db, id: string): Promise<Vendor> {
	const v = await lock(tx, id);
	if (!v) throw notFound('Vendor not found');
	return v;
}

async function nameTaken(tx: Db, name: string, except?: string): Promise<void> {
	const [dup] = await tx`
		select 1 from vendors where lower(name) = lower(${name}) and id is distinct from ${except ?? null}::uuid`;
	if (dup) throw conflict(`A vendor named "${name}" already exists`);
}

export async function create(
	sql: Sql,
	me: Identity,
	input: z.output<typeof vendorInput>
): Promise<Vendor> {
	return sql.begin(async (tx) => {
		await nameTaken(tx, input.name);
		const [v] = await tx<Vendor[]>`
			insert into vendors (name, contact_email, phone)
			values (${input.name}, ${input.contact_email}, ${input.phone})
			returning id, name, contact_email, phone, created_at, updated_at`;
		await record(tx, me, { action: 'create', entity: 'vendor', entityId: v.id, after: v });
		return v;
	});
}

export async function update(
	sql: Sql,
	me: Identity,
	id: string,
	patch: z.output<typeof vendorUpdate>
): Promise<Vendor> {
	return sql.begin(async (tx) => {
		const before = await requireVendor(tx, id);
		if (patch.name !== undefined) await nameTaken(tx, patch.name, id);
		const [after] = await tx<Vendor[]>`
			update vendors set
				name = ${patch.name ?? before.name},
				contact_email = ${patch.contact_email === undefined ? before.contact_email : patch.contact_email},
				phone = ${patch.phone === undefined ? before.phone : patch.phone},
				updated_at = now()
			where id = ${id}
			returning id, name, contact_email, phone, created_at, updated_at`;
		await record(tx, me, { action: 'update', entity: 'vendor', entityId: id, before, after });
		return after;
	});
}

/**
 * Deletes a vendor in two steps around the caller's recomputation: `dropOffers` removes what it
 * sells (returning the items to recompute), then `deleteRow` removes the row itself.
 */
export async function dropOffers(
	tx: Db,
	id: string
): Promise<{ vendor: Vendor; itemIds: string[] }> {
	const vendor = await requireVendor(tx, id);
	const [po] = await tx`select 1 from purchase_orders where vendor_id = ${id} limit 1`;
	if (po) throw conflict('Vendor has purchase orders; it cannot be deleted');
	const sold = await tx<{ item_id: string }[]>`
		delete from vendor_items where vendor_id = ${id} returning item_id`;
	return { vendor, itemIds: sold.map((s) => s.item_id) };
}

export async function deleteRow(tx: Db, id: string): Promise<void> {
	await tx`delete from vendors where id = ${id}`;
}

function offers(db: Db, where: { vendorId?: string; itemId?: string }) {
	return db<VendorItem[]>`
		select vi.vendor_id, v.name as vendor_name, vi.item_id, i.name as item_name, i.sku as item_sku,
			i.unit, vi.price_cents, vi.vendor_sku, vi.purchase_unit, vi.units_per_pack, vi.preferred,
			vi.updated_at
		from vendor_items vi join vendors v on v.id = vi.vendor_id join items i on i.id = vi.item_id
		where (${where.vendorId ?? null}::uuid is null or vi.vendor_id = ${where.vendorId ?? null})
			and (${where.itemId ?? null}::uuid is null or vi.item_id = ${where.itemId ?? null})
		order by vi.preferred desc, i.name, v.name`;
}

function withUnitCost(o: Omit<VendorItem, 'unit_cost_cents'>): VendorItem {
	return { ...o, unit_cost_cents: unitCostFromPack(o.price_cents, o.units_per_pack) };
}

export async function itemsOf(db: Db, vendorId: string): Promise<VendorItem[] | undefined> {
	if (!(await get(db, vendorId))) return undefined;
	return (await offers(db, { vendorId })).map(withUnitCost);
}

export async function vendorsOf(db: Db, itemId: string): Promise<VendorItem[] | undefined> {
	const [item] = await db`select 1 from items where id = ${itemId}`;
	if (!item) return undefined;
	return (await offers(db, { itemId })).map(withUnitCost);
}

export async function offer(
	db: Db,
	vendorId: string,
	itemId: string
): Promise<VendorItem | undefined> {
	const [o] = await offers(db, { vendorId, itemId });
	return o && withUnitCost(o);
}

/** Locks the item row: every write to an item's offers queues on it (one price writer per item). */
export async function lockItem(tx: Db, itemId: string): Promise<void> {
	const [item] = await tx`select id from items where id = ${itemId} for no key update`;
	if (!item) throw notFound('Item not found');
}

export interface OfferRow {
	price_cents: number;
	vendor_sku: string | null;
	purchase_unit: string;
	units_per_pack: number;
	preferred: boolean;
}

/** Inserts or updates an offer; returns whether it was new. Caller holds lockItem. */
export async function upsertOffer(
	tx: Db,
	vendorId: string,
	itemId: string,
	o: Omit<OfferRow, 'preferred'>
): Promise<boolean> {
	const [r] = await tx<{ inserted: boolean }[]>`
		insert into vendor_items (vendor_id, item_id, price_cents, vendor_sku, purchase_unit, units_per_pack)
		values (${vendorId}, ${itemId}, ${o.price_cents}, ${o.vendor_sku}, ${o.purchase_unit}, ${o.units_per_pack})
		on conflict (vendor_id, item_id) do update set
			price_cents = excluded.price_cents, vendor_sku = excluded.vendor_sku,
			purchase_unit = excluded.purchase_unit, units_per_pack = excluded.units_per_pack,
			updated_at = now()
		returning (xmax = 0) as inserted`;
	return r.inserted;
}

export async function offerRow(
	tx: Db,
	vendorId: string,
	itemId: string
): Promise<OfferRow | undefined> {
	const [o] = await tx<OfferRow[]>`
		select price_cents, vendor_sku, purchase_unit, units_per_pack, preferred from vendor_items
		where vendor_id = ${vendorId} and item_id = ${itemId}`;
	return o;
}

/** Makes this offer the item's only preferred one. Caller holds lockItem. */
export async function prefer(tx: Db, vendorId: string, itemId: string): Promise<void> {
	// Clear first: the partial unique index allows one preferred offer per item at any moment.
	await tx`update vendor_items set preferred = false
		where item_id = ${itemId} and preferred and vendor_id <> ${vendorId}`;
	await tx`update vendor_items set preferred = true, updated_at = now()
		where item_id = ${itemId} and vendor_id = ${vendorId}`;
}

export async function unprefer(tx: Db, vendorId: string, itemId: string): Promise<void> {
	await tx`update vendor_items set preferred = false, updated_at = now()
		where vendor_id = ${vendorId} and item_id = ${itemId}`;
}

export async function deleteOffer(tx: Db, vendorId: string, itemId: string): Promise<void> {
	await tx`delete from vendor_items where vendor_id = ${vendorId} and item_id = ${itemId}`;
}

export async function priceHistory(
	tx: Db,
	e: { vendorId: string; itemId: string; price_cents: number; units_per_pack: number },
	source: 'manual' | 'receipt',
	receiptId: string | null = null
): Promise<void> {
	await tx`insert into vendor_price_history (vendor_id, item_id, price_cents, units_per_pack, source, receipt_id)
		values (${e.vendorId}, ${e.itemId}, ${e.price_cents}, ${e.units_per_pack}, ${source}, ${receiptId})`;
}
