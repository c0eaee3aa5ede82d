// Stores: stocked places inside a location (walk-in, freezer, ...). Reads are scope-filtered;
// writes are checked against the caller's locations inside the WHERE.
import { z } from 'zod';
import { atomic, type Db, type Tx } from '../db/index';
import type { Identity } from '../auth/identity';
import { readScope, requireLocation } from '../auth/guard';
import { record } from '../audit/log';
import { ApiError, notFound } from '../http/errors';
import type { Store as WireStore } from '../../shared/wire/inventory';

export const STORE_KINDS = ['walk_in', 'freezer', 'dry', 'bar', 'line', 'other'] as const;

export const storeInput = z.strictObject({
	location_id: z.uuid({ message: 'must be a UUID' }),
	name: z.string().trim().min(1).max(200),
	kind: z.enum(STORE_KINDS).default('other')
});
export const storeUpdate = storeInput.omit({ location_id: true }).partial();

export type Store = WireStore<Date>;

export async function list(db: Db, me: Identity, locationId?: string): Promise<Store[]> {
	const scope = readScope(me);
	return db<Store[]>`
		select id, location_id, name, kind, created_at, updated_at from stores
		where (${scope === null} or location_id = any(${scope ?? []}::uuid[]))
			and (${locationId ?? null}::uuid is null or location_id = ${locationId ?? null})
		order by name`;
}

/** A store the caller may read, or undefined (unknown or outside their scope: both 404). */
export async function get(db: Db, me: Identity, id: string): Promise<Store | undefined> {
	const scope = readScope(me);
	const [s] = await db<Store[]>`
		select id, location_id, name, kind, created_at, updated_at from stores
		where id = ${id} and (${scope === null} or location_id = any(${scope ?? []}::uuid[]))`;
	return s;
}

const COLS = 'id, location_id, name, kind, created_at, updated_at';

/** Locks the row for update; returns it regardless of scope so the caller can answer 403. */
async function lock(tx: Tx, id: string): Promise<Store | undefined> {
	const [s] = await tx<Store[]>`select ${tx.unsafe(COLS)} from stores where id = ${id} for update`;
	return s;
}

export async function create(
	sql: Db,
	me: Identity,
	input: z.output<typeof storeInput>
): Promise<Store> {
	return atomic(sql, async (tx) => {
		const [loc] = await tx`select id from locations where id = ${input.location_id}`;
		if (!loc) throw notFound('Location not found');
		const [s] = await tx<Store[]>`
			insert into stores (location_id, name, kind) values (${input.location_id}, ${input.name}, ${input.kind})
			returning ${tx.unsafe(COLS)}`;
		await record(tx, me, {
			action: 'create',
			entity: 'store',
			entityId: s.id,
			locationId: s.location_id,
			after: s
		});
		return s;
	});
}

export async function update(
	sql: Db,
	me: Identity,
	id: string,
	patch: z.output<typeof storeUpdate>
): Promise<Store> {
	return atomic(sql, async (tx) => {
		const before = await lock(tx, id);
		if (!before) throw notFound('Store not found');
		requireLocation(me, before.location_id);
		const [after] = await tx<Store[]>`
			update stores set
				name = coalesce(${patch.name ?? null}, name),
				kind = coalesce(${patch.kind ?? null}, kind),
				updated_at = now()
			where id = ${id}
			returning ${tx.unsafe(COLS)}`;
		await record(tx, me, {
			action: 'update',
			entity: 'store',
			entityId: id,
			locationId: after.location_id,
			before,
			after
		});
		return after;
	});
}

export async function remove(sql: Db, me: Identity, id: string): Promise<void> {
	await atomic(sql, async (tx) => {
		const before = await lock(tx, id);
		if (!before) throw notFound('Store not found');
		requireLocation(me, before.location_id);
		// The ledger and receipts are history: a store that has any keeps it (the foreign keys
		// restrict too, but their SQLSTATE differs between Postgres versions).
		const [{ used }] = await tx<{ used: boolean }[]>`
			select exists (select 1 from stock_movements where store_id = ${id})
				or exists (select 1 from receipts where store_id = ${id}) as used`;
		if (used)
			throw new ApiError(
				409,
				'Store has stock history (movements or receipts): it cannot be deleted'
			);
		await tx`delete from stores where id = ${id}`;
		await record(tx, me, {
			action: 'delete',
			entity: 'store',
			entityId: id,
			locationId: before.location_id,
			before
		});
	});
}
