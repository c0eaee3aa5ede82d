// Stores: stocked places inside a location (walk-in, freezer, ...). Reads are scope-filtered;
// writes are checked against the caller's locations inside the WHERE.
import { z } from 'zod';
import type { Db } from '../db/index';
import type { Identity } from '../auth/identity';
import { readScope } from '../auth/guard';

export const STORE_KINDS = ['walk_in', 'freezer', 'dry', 'bar', 'line', 'other'] as const;

export const storeInput = z.strictObject({
	location_id: z.uuid({ message: 'must be a UUID' }),
	name: z.string().trim().min(1).max(200),
	kind: z.enum(STORE_KINDS).default('other')
});
export const storeUpdate = storeInput.omit({ location_id: true }).partial();

export interface Store {
	id: string;
	location_id: string;
	name: string;
	kind: string;
	created_at: Date;
	updated_at: Date;
}

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

/** Locks the row for update; returns it regardless of scope so the caller can answer 403. */
export async function lock(db: Db, id: string): Promise<Store | undefined> {
	const [s] = await db<Store[]>`
		select id, location_id, name, kind, created_at, updated_at from stores where id = ${id} for update`;
	return s;
}

export async function create(db: Db, input: z.output<typeof storeInput>): Promise<Store> {
	const [s] = await db<Store[]>`
		insert into stores (location_id, name, kind) values (${input.location_id}, ${input.name}, ${input.kind})
		returning id, location_id, name, kind, created_at, updated_at`;
	return s;
}

export async function update(
	db: Db,
	id: string,
	patch: z.output<typeof storeUpdate>
): Promise<Store> {
	const [s] = await db<Store[]>`
		update stores set
			name = coalesce(${patch.name ?? null}, name),
			kind = coalesce(${patch.kind ?? null}, kind),
			updated_at = now()
		where id = ${id}
		returning id, location_id, name, kind, created_at, updated_at`;
	return s;
}

export async function remove(db: Db, id: string): Promise<void> {
	await db`delete from stores where id = ${id}`;
}
