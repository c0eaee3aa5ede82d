import QRCode from 'qrcode';
import { z } from 'zod';
import { config } from '../config';
import { atomic, type Db } from '../db/index';
import type { Identity } from '../auth/identity';
import { record } from '../audit/log';
import { conflict, notFound } from '../http/errors';
import type { FloorTable } from '../../shared/wire/floor';
import { generate as newShortCode, normalise as normaliseShortCode } from '../../shared/tablecode';

export interface DiningTable {
	id: string;
	location_id: string;
	number: number;
	code: string;
	/** Five characters printed on the table tent, typed at /t/<code>. */
	short_code: string;
	seats: number;
}

export interface TableAt extends DiningTable {
	branch_slug: string;
	location_name: string;
	/** ISO 4217: what the location's prices are in. */
	currency: string;
}

/** Looks up a table by its QR path: /{branchSlug}/{tableCode}; codes are case-insensitive. */
export async function byCode(
	db: Db,
	branchSlug: string,
	tableCode: string
): Promise<TableAt | undefined> {
	if (branchSlug.length > 60 || tableCode.length > 80) return undefined;
	const [t] = await db<TableAt[]>`
		select t.id, t.location_id, t.number, t.code, t.short_code, t.seats, l.slug as branch_slug,
			l.name as location_name, l.currency
		from dining_tables t join locations l on l.id = t.location_id
		where l.slug = ${branchSlug.toLowerCase()} and t.code = ${tableCode.toLowerCase()}`;
	return t;
}

/**
 * The table a typed tent code names (case, spaces and dashes ignored), with its QR path; a
 * string that cannot be a code is not looked up.
 */
export async function byShortCode(
	db: Db,
	typed: string
): Promise<{ branch_slug: string; code: string } | undefined> {
	const code = normaliseShortCode(typed.slice(0, 40));
	if (!code) return undefined;
	const [t] = await db<{ branch_slug: string; code: string }[]>`
		select l.slug as branch_slug, t.code
		from dining_tables t join locations l on l.id = t.location_id
		where t.short_code = ${code}`;
	return t;
}

/**
 * The floor: every table with its open session, and for a seated party its orders and running
 * total. Computed here, from the orders the kitchen holds, so every screen agrees on the sum.
 */
export async function list(db: Db, locationId: string): Promise<FloorTable[]> {
	return db<(FloorTable & { location_id: string })[]>`
		select t.id, t.location_id, t.number, t.code, t.short_code, t.seats,
			s.id as session_id, s.status as session_status, s.customer_name,
			s.approved_at as seated_at,
			coalesce(o.order_count, 0)::int as order_count,
			coalesce(o.total_cents, 0)::int as total_cents,
			coalesce(o.orders, '[]'::json) as orders
		from dining_tables t
		left join table_sessions s on s.table_id = t.id and s.status in ('pending', 'active')
		left join lateral (
			select count(*) as order_count, sum(x.total_cents) as total_cents,
				json_agg(json_build_object(
					'id', x.id, 'created_at', x.created_at, 'prep_state', x.prep_state,
					'served_at', x.served_at, 'total_cents', x.total_cents,
					'lines', (select coalesce(json_agg(json_build_object('name', l.name, 'quantity', l.quantity)
						order by l.position), '[]'::json) from order_lines l where l.order_id = x.id)
				) order by x.created_at) as orders
			from orders x where x.table_session_id = s.id
		) o on s.id is not null
		where t.location_id = ${locationId}
		order by t.number`;
}

/**
 * Printable table tents of a location: the restaurant's name, each table's QR code pointing to
 * {ORIGIN}/{branchSlug}/{tableCode}, and its typed code for {ORIGIN}/t.
 */
export async function qrCodes(db: Db, locationId: string) {
	const [loc] = await db<{ slug: string; name: string }[]>`
		select slug, name from locations where id = ${locationId}`;
	if (!loc) return { location_name: null, typed_url: null, tables: [] };
	const rows = await list(db, locationId);
	const origin = config.origin.replace(/\/$/, '');
	const tables = await Promise.all(
		rows.map(async (t) => {
			const url = `${origin}/${loc.slug}/${t.code}`;
			return {
				id: t.id,
				number: t.number,
				code: t.code,
				short_code: t.short_code,
				url,
				svg: await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
			};
		})
	);
	return { location_name: loc.name, typed_url: `${origin}/t`, tables };
}

export const tableInput = z.strictObject({
	number: z.number().int().min(1).max(9999),
	seats: z.number().int().min(1).max(100).default(4)
});

/** Adds a table; undefined when the location does not exist. */
export async function create(
	sql: Db,
	me: Identity,
	locationId: string,
	input: z.output<typeof tableInput>
): Promise<DiningTable | undefined> {
	try {
		return await insertTable(sql, me, locationId, input);
	} catch (e) {
		// The number is unique per location: say so in the words the person typed.
		const pg = e as { code?: string; constraint_name?: string };
		if (pg.code !== '23505') throw e;
		// Two tables drew the same tent code at once (1 in millions): draw again, once.
		if (pg.constraint_name === 'dining_tables_short_code_key')
			return insertTable(sql, me, locationId, input);
		throw conflict(`Table ${input.number} already exists`);
	}
}

function insertTable(
	sql: Db,
	me: Identity,
	locationId: string,
	input: z.output<typeof tableInput>
): Promise<DiningTable | undefined> {
	return atomic(sql, async (tx) => {
		const [t] = await tx<DiningTable[]>`
			insert into dining_tables (location_id, number, code, short_code, seats)
			select ${locationId}, ${input.number}, l.slug || '-' || ${input.number}, ${newShortCode()},
				${input.seats}
			from locations l where l.id = ${locationId}
			returning id, location_id, number, code, short_code, seats`;
		if (!t) return undefined;
		await record(tx, me, {
			action: 'create',
			entity: 'table',
			entityId: t.id,
			locationId,
			after: t
		});
		return t;
	});
}

/**
 * Deletes a table unless a party is waiting at it or seated: deleting would cascade to their
 * session and orders. The row lock makes a diner's concurrent request either finish first (and
 * the table counts as busy) or wait and find the table gone.
 */
export async function remove(sql: Db, me: Identity, locationId: string, id: string): Promise<void> {
	await atomic(sql, async (tx) => {
		const [t] = await tx<DiningTable[]>`
			select id, location_id, number, code, short_code, seats
			from dining_tables where id = ${id} and location_id = ${locationId}
			for update`;
		if (!t) throw notFound('Table not found');
		const [{ busy }] = await tx<{ busy: boolean }[]>`
			select exists (select 1 from table_sessions
				where table_id = ${id} and status in ('pending', 'active')) as busy`;
		if (busy) {
			throw conflict(
				`Table ${t.number} has a pending or active session; end or reject it before deleting the table`
			);
		}
		await tx`delete from dining_tables where id = ${id}`;
		await record(tx, me, {
			action: 'delete',
			entity: 'table',
			entityId: id,
			locationId,
			before: t
		});
	});
}
