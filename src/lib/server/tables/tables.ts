import QRCode from 'qrcode';
import { z } from 'zod';
import { config } from '../config';
import { atomic, type Db } from '../db/index';
import type { Identity } from '../auth/identity';
import { record } from '../audit/log';
import { conflict, notFound } from '../http/errors';

export interface DiningTable {
	id: string;
	location_id: string;
	number: number;
	code: string;
	seats: number;
}

export interface TableAt extends DiningTable {
	branch_slug: string;
	location_name: string;
}

/** Looks up a table by its QR path: /{branchSlug}/{tableCode}; codes are case-insensitive. */
export async function byCode(
	db: Db,
	branchSlug: string,
	tableCode: string
): Promise<TableAt | undefined> {
	if (branchSlug.length > 60 || tableCode.length > 80) return undefined;
	const [t] = await db<TableAt[]>`
		select t.id, t.location_id, t.number, t.code, t.seats, l.slug as branch_slug, l.name as location_name
		from dining_tables t join locations l on l.id = t.location_id
		where l.slug = ${branchSlug.toLowerCase()} and t.code = ${tableCode.toLowerCase()}`;
	return t;
}

export async function list(db: Db, locationId: string) {
	return db<
		(DiningTable & {
			session_id: string | null;
			session_status: string | null;
			customer_name: string | null;
			order_count: number;
		})[]
	>`
		select t.id, t.location_id, t.number, t.code, t.seats,
			s.id as session_id, s.status as session_status, s.customer_name,
			(select count(*)::int from orders o where o.table_session_id = s.id) as order_count
		from dining_tables t
		left join table_sessions s on s.table_id = t.id and s.status in ('pending', 'active')
		where t.location_id = ${locationId}
		order by t.number`;
}

/** Printable QR codes of a location's tables: each points to {ORIGIN}/{branchSlug}/{tableCode}. */
export async function qrCodes(db: Db, locationId: string) {
	const [loc] = await db<{ slug: string }[]>`select slug from locations where id = ${locationId}`;
	if (!loc) return [];
	const rows = await list(db, locationId);
	const origin = config.origin.replace(/\/$/, '');
	return Promise.all(
		rows.map(async (t) => {
			const url = `${origin}/${loc.slug}/${t.code}`;
			return {
				id: t.id,
				number: t.number,
				code: t.code,
				url,
				svg: await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
			};
		})
	);
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
	return atomic(sql, async (tx) => {
		const [t] = await tx<DiningTable[]>`
			insert into dining_tables (location_id, number, code, seats)
			select ${locationId}, ${input.number}, l.slug || '-' || ${input.number}, ${input.seats}
			from locations l where l.id = ${locationId}
			returning id, location_id, number, code, seats`;
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
			select id, location_id, number, code, seats
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
