import { z } from 'zod';
import type { Db } from '../db/index';

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

export const tableInput = z.strictObject({
	number: z.number().int().min(1).max(9999),
	seats: z.number().int().min(1).max(100).default(4)
});

export async function create(db: Db, locationId: string, input: z.output<typeof tableInput>) {
	const [t] = await db<DiningTable[]>`
		insert into dining_tables (location_id, number, code, seats)
		select ${locationId}, ${input.number}, l.slug || '-' || ${input.number}, ${input.seats}
		from locations l where l.id = ${locationId}
		returning id, location_id, number, code, seats`;
	return t;
}

/**
 * Deletes a table unless a party is waiting at it or seated: deleting would cascade to their
 * session and orders. The row lock makes a diner's concurrent request either finish first (and
 * the table counts as busy) or wait and find the table gone.
 */
export async function remove(
	db: Db,
	locationId: string,
	id: string
): Promise<{ table: DiningTable; deleted: boolean } | undefined> {
	const [t] = await db<DiningTable[]>`
		select id, location_id, number, code, seats
		from dining_tables where id = ${id} and location_id = ${locationId}
		for update`;
	if (!t) return undefined;
	const [{ busy }] = await db<{ busy: boolean }[]>`
		select exists (select 1 from table_sessions
			where table_id = ${id} and status in ('pending', 'active')) as busy`;
	if (busy) return { table: t, deleted: false };
	await db`delete from dining_tables where id = ${id}`;
	return { table: t, deleted: true };
}
