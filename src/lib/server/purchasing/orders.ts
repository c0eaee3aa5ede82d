// Purchase orders: one vendor, one campus, lines in the vendor's packs at the pack price of the
// day. Campus-scoped: reads are filtered to the caller's locations (others' are "not found"),
// writes outside scope are 403. Only drafts are edited or deleted; the lifecycle is pure in
// shared/po-status.ts.
import { z } from 'zod';
import type { Db, Sql, Tx } from '../db/index';
import type { Identity } from '../auth/identity';
import { readScope, requireLocation } from '../auth/guard';
import { record } from '../audit/log';
import { emit } from '../events/outbox';
import { channels } from '../../shared/channels';
import type { PurchaseOrderChanged } from '../../shared/events';
import { badRequest, conflict, notFound } from '../http/errors';
import { roundCents } from '../../shared/cost';
import { canTransition, PO_STATUSES, type PoStatus } from '../../shared/po-status';
import type { PoLine } from '../../shared/wire/purchasing';

const uuid = z.uuid({ message: 'must be a UUID' });

const lineInput = z.strictObject({
	item_id: uuid,
	/** Packs of the vendor's purchase unit. */
	quantity_packs: z.number().positive().max(1_000_000),
	/** Pack price; defaults to the vendor's current price for the item. */
	unit_price_cents: z.number().int().min(0).max(100_000_000).optional()
});
const lines = z
	.array(lineInput)
	.max(500)
	.refine((ls) => new Set(ls.map((l) => l.item_id)).size === ls.length, {
		message: 'an item may appear only once'
	});

export const poInput = z.strictObject({
	location_id: uuid,
	vendor_id: uuid,
	notes: z.string().trim().max(2000).default(''),
	lines: lines.default([])
});
export const poUpdate = z.strictObject({
	notes: z.string().trim().max(2000).optional(),
	lines: lines.optional()
});
export const statusInput = z.strictObject({ status: z.enum(PO_STATUSES) });
export const listQuery = z.object({
	location_id: uuid.optional(),
	status: z.enum(PO_STATUSES).optional()
});

export type { PoLine };

export interface ReceiptSummary {
	id: string;
	client_id: string;
	store_id: string;
	invoice_number: string;
	received_by: string | null;
	created_at: Date;
	lines: { line_id: string; item_id: string; quantity_packs: number; unit_price_cents: number }[];
}

export interface PurchaseOrder {
	id: string;
	location_id: string;
	vendor_id: string;
	vendor_name: string;
	status: PoStatus;
	notes: string;
	created_by: string | null;
	submitted_at: Date | null;
	received_at: Date | null;
	cancelled_at: Date | null;
	created_at: Date;
	updated_at: Date;
	total_cents: number;
	lines: PoLine[];
	receipts?: ReceiptSummary[];
}

type PoRow = Omit<PurchaseOrder, 'lines' | 'total_cents' | 'receipts'>;

async function load(
	db: Db,
	where: { ids?: string[]; scope: string[] | null; locationId?: string; status?: PoStatus }
): Promise<PurchaseOrder[]> {
	const rows = await db<PoRow[]>`
		select p.id, p.location_id, p.vendor_id, v.name as vendor_name, p.status, p.notes, p.created_by,
			p.submitted_at, p.received_at, p.cancelled_at, p.created_at, p.updated_at
		from purchase_orders p join vendors v on v.id = p.vendor_id
		where (${where.ids === undefined} or p.id = any(${where.ids ?? []}::uuid[]))
			and (${where.scope === null} or p.location_id = any(${where.scope ?? []}::uuid[]))
			and (${where.locationId ?? null}::uuid is null or p.location_id = ${where.locationId ?? null})
			and (${where.status ?? null}::text is null or p.status = ${where.status ?? null})
		order by p.created_at desc, p.id
		limit 500`;
	if (rows.length === 0) return [];
	const ls = await db<(Omit<PoLine, 'line_total_cents'> & { purchase_order_id: string })[]>`
		select l.id, l.purchase_order_id, l.item_id, i.name as item_name, i.sku as item_sku, i.unit,
			vi.vendor_sku, l.quantity_packs, l.purchase_unit, l.units_per_pack, l.unit_price_cents,
			l.received_packs
		from purchase_order_lines l
		join purchase_orders p on p.id = l.purchase_order_id
		join items i on i.id = l.item_id
		left join vendor_items vi on vi.vendor_id = p.vendor_id and vi.item_id = l.item_id
		where l.purchase_order_id = any(${rows.map((r) => r.id)}::uuid[])
		order by l.position, i.name`;
	return rows.map((r) => {
		const mine = ls
			.filter((l) => l.purchase_order_id === r.id)
			.map(({ purchase_order_id: _, ...l }) => ({
				...l,
				line_total_cents: roundCents(l.quantity_packs * l.unit_price_cents)
			}));
		return {
			...r,
			total_cents: mine.reduce((s, l) => s + l.line_total_cents, 0),
			lines: mine
		};
	});
}

export function list(db: Db, me: Identity, q: z.output<typeof listQuery>) {
	return load(db, { scope: readScope(me), locationId: q.location_id, status: q.status });
}

/** A PO the caller may read, with its receipts; undefined when unknown or out of scope. */
export async function get(db: Db, me: Identity, id: string): Promise<PurchaseOrder | undefined> {
	const [po] = await load(db, { ids: [id], scope: readScope(me) });
	if (!po) return undefined;
	return { ...po, receipts: await receiptsOf(db, id) };
}

async function receiptsOf(db: Db, poId: string): Promise<ReceiptSummary[]> {
	const rs = await db<Omit<ReceiptSummary, 'lines'>[]>`
		select id, client_id, store_id, invoice_number, received_by, created_at from receipts
		where purchase_order_id = ${poId} order by created_at, id`;
	if (rs.length === 0) return [];
	const ls = await db<(ReceiptSummary['lines'][number] & { receipt_id: string })[]>`
		select receipt_id, line_id, item_id, quantity_packs, unit_price_cents from receipt_lines
		where receipt_id = any(${rs.map((r) => r.id)}::uuid[])`;
	return rs.map((r) => ({
		...r,
		lines: ls.filter((l) => l.receipt_id === r.id).map(({ receipt_id: _, ...l }) => l)
	}));
}

/**
 * Locks the PO row (every write to a PO and its lines queues on it) and checks the caller's
 * scope: unknown is 404, out of scope 403.
 */
export async function lockFor(tx: Db, me: Identity, id: string): Promise<PoRow> {
	const [po] = await tx<PoRow[]>`
		select p.id, p.location_id, p.vendor_id, v.name as vendor_name, p.status, p.notes, p.created_by,
			p.submitted_at, p.received_at, p.cancelled_at, p.created_at, p.updated_at
		from purchase_orders p join vendors v on v.id = p.vendor_id
		where p.id = ${id} for update of p`;
	if (!po) throw notFound('Purchase order not found');
	requireLocation(me, po.location_id);
	return po;
}

async function writeLines(
	tx: Db,
	poId: string,
	vendorId: string,
	ls: z.output<typeof lines>
): Promise<void> {
	const offers = await tx<
		{ item_id: string; price_cents: number; purchase_unit: string; units_per_pack: number }[]
	>`
		select item_id, price_cents, purchase_unit, units_per_pack from vendor_items
		where vendor_id = ${vendorId} and item_id = any(${ls.map((l) => l.item_id)}::uuid[])`;
	await tx`delete from purchase_order_lines where purchase_order_id = ${poId}`;
	for (const [position, l] of ls.entries()) {
		const o = offers.find((x) => x.item_id === l.item_id);
		if (!o) throw badRequest(`lines.${position}.item_id: this vendor does not sell that item`);
		await tx`insert into purchase_order_lines
			(purchase_order_id, item_id, position, quantity_packs, purchase_unit, units_per_pack, unit_price_cents)
			values (${poId}, ${l.item_id}, ${position}, ${l.quantity_packs}, ${o.purchase_unit},
				${o.units_per_pack}, ${l.unit_price_cents ?? o.price_cents})`;
	}
}

export async function changed(
	tx: Tx,
	po: { id: string; location_id: string; status: string },
	what: PurchaseOrderChanged['change']
) {
	await emit(tx, channels.branch(po.location_id), 'purchase_order:changed', {
		id: po.id,
		status: po.status,
		change: what
	});
}

/** Inserts a draft (used by create and by from-low-stock); the caller checked scope. */
export async function insertDraft(
	tx: Tx,
	me: Identity,
	input: { location_id: string; vendor_id: string; notes: string; lines: z.output<typeof lines> }
): Promise<string> {
	const [loc] = await tx`select id from locations where id = ${input.location_id}`;
	if (!loc) throw badRequest('location_id: no such location');
	const [vendor] = await tx`select id from vendors where id = ${input.vendor_id}`;
	if (!vendor) throw badRequest('vendor_id: no such vendor');
	const [{ id }] = await tx<{ id: string }[]>`
		insert into purchase_orders (location_id, vendor_id, notes, created_by)
		values (${input.location_id}, ${input.vendor_id}, ${input.notes}, ${me.userId}) returning id`;
	await writeLines(tx, id, input.vendor_id, input.lines);
	return id;
}

export async function create(
	sql: Sql,
	me: Identity,
	input: z.output<typeof poInput>
): Promise<PurchaseOrder> {
	requireLocation(me, input.location_id);
	return sql.begin(async (tx) => {
		const id = await insertDraft(tx, me, input);
		const po = (await get(tx, me, id))!;
		await record(tx, me, {
			action: 'create',
			entity: 'purchase_order',
			entityId: id,
			locationId: po.location_id,
			after: po
		});
		await changed(tx, po, 'created');
		return po;
	});
}

export async function update(
	sql: Sql,
	me: Identity,
	id: string,
	patch: z.output<typeof poUpdate>
): Promise<PurchaseOrder> {
	return sql.begin(async (tx) => {
		const row = await lockFor(tx, me, id);
		if (row.status !== 'draft')
			throw conflict(`Only drafts can be edited; this one is ${row.status}`);
		const before = (await get(tx, me, id))!;
		await tx`update purchase_orders set notes = ${patch.notes ?? row.notes}, updated_at = now()
			where id = ${id}`;
		if (patch.lines) await writeLines(tx, id, row.vendor_id, patch.lines);
		const after = (await get(tx, me, id))!;
		await record(tx, me, {
			action: 'update',
			entity: 'purchase_order',
			entityId: id,
			locationId: row.location_id,
			before,
			after
		});
		await changed(tx, after, 'updated');
		return after;
	});
}

export async function remove(sql: Sql, me: Identity, id: string): Promise<void> {
	await sql.begin(async (tx) => {
		const row = await lockFor(tx, me, id);
		if (row.status !== 'draft')
			throw conflict(`Only drafts can be deleted; this one is ${row.status}`);
		const before = (await get(tx, me, id))!;
		await tx`delete from purchase_orders where id = ${id}`;
		await record(tx, me, {
			action: 'delete',
			entity: 'purchase_order',
			entityId: id,
			locationId: row.location_id,
			before
		});
		await changed(tx, { ...row, status: 'deleted' }, 'deleted');
	});
}

export async function transition(
	sql: Sql,
	me: Identity,
	id: string,
	to: PoStatus
): Promise<PurchaseOrder> {
	return sql.begin(async (tx) => {
		const row = await lockFor(tx, me, id);
		if (!canTransition(row.status, to)) {
			throw conflict(`A ${row.status} purchase order cannot become ${to}`);
		}
		if (to === 'submitted') {
			const [{ n }] = await tx<{ n: number }[]>`
				select count(*)::int as n from purchase_order_lines where purchase_order_id = ${id}`;
			if (n === 0) throw conflict('A purchase order without lines cannot be submitted');
		}
		await tx`update purchase_orders set status = ${to}, updated_at = now(),
			submitted_at = case when ${to} = 'submitted' then now() else submitted_at end,
			received_at = case when ${to} = 'received' then now() else received_at end,
			cancelled_at = case when ${to} = 'cancelled' then now() else cancelled_at end
			where id = ${id}`;
		const after = (await get(tx, me, id))!;
		await record(tx, me, {
			action: 'status',
			entity: 'purchase_order',
			entityId: id,
			locationId: row.location_id,
			before: { status: row.status },
			after: { status: to }
		});
		await changed(tx, after, 'status');
		return after;
	});
}

const CSV_COLUMNS = [
	'item_name',
	'item_sku',
	'vendor_sku',
	'quantity_packs',
	'purchase_unit',
	'units_per_pack',
	'unit',
	'unit_price_cents',
	'line_total_cents'
] as const;

function csvCell(v: unknown): string {
	const s = v === null || v === undefined ? '' : String(v);
	// Quote what needs it; a leading =,+,-,@ would be a formula in a spreadsheet.
	const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
	return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(po: PurchaseOrder): string {
	const rows = po.lines.map((l) => CSV_COLUMNS.map((c) => csvCell(l[c])).join(','));
	return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}
