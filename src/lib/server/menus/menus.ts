// Menus: named schedules ("Fall lunch"), tenant-global; admins write (a campus manager must not
// edit a menu other campuses depend on). Placements attach dishes to a menu per location.
import { z } from 'zod';
import { atomic, type Db } from '../db/index';
import type { Identity } from '../auth/identity';
import { recordChange } from '../audit/log';
import { conflict, notFound } from '../http/errors';
import type { Menu } from '../../shared/wire/menus';
import { menuChanged } from './notify';

export const menuInput = z.strictObject({
	name: z.string().trim().min(1).max(200),
	description: z.string().trim().max(2000).default('')
});
export const menuUpdate = z.strictObject({
	name: z.string().trim().min(1).max(200).optional(),
	description: z.string().trim().max(2000).optional()
});

const COLS = 'id, name, description, created_at, updated_at';

export async function list(db: Db): Promise<Menu<Date>[]> {
	return db<Menu<Date>[]>`select ${db.unsafe(COLS)} from menus order by name`;
}

export async function get(db: Db, id: string): Promise<Menu<Date> | undefined> {
	const [m] = await db<Menu<Date>[]>`select ${db.unsafe(COLS)} from menus where id = ${id}`;
	return m;
}

const taken = (e: unknown) => (e as { code?: string }).code === '23505';

export async function create(
	sql: Db,
	me: Identity,
	input: z.output<typeof menuInput>
): Promise<Menu<Date>> {
	return atomic(sql, async (tx) => {
		const [dup] = await tx`select 1 from menus where name = ${input.name}`;
		if (dup) throw conflict(`A menu named "${input.name}" already exists`);
		const [m] = await tx<Menu<Date>[]>`
			insert into menus (name, description) values (${input.name}, ${input.description})
			returning ${tx.unsafe(COLS)}`;
		await recordChange(tx, me, { action: 'create', entity: 'menu', entityId: m.id, after: m });
		return m;
	}).catch((e) => {
		throw taken(e) ? conflict(`A menu named "${input.name}" already exists`) : e;
	});
}

/** Locations that have placements of this menu: they hear about its changes. */
async function placedAt(tx: Db, menuId: string): Promise<string[]> {
	const rows = await tx<{ location_id: string }[]>`
		select distinct location_id from placements where menu_id = ${menuId} order by location_id`;
	return rows.map((r) => r.location_id);
}

export async function update(
	sql: Db,
	me: Identity,
	id: string,
	patch: z.output<typeof menuUpdate>
): Promise<Menu<Date>> {
	return atomic(sql, async (tx) => {
		const [before] = await tx<Menu<Date>[]>`
			select ${tx.unsafe(COLS)} from menus where id = ${id} for update`;
		if (!before) throw notFound('Menu not found');
		if (patch.name !== undefined && patch.name !== before.name) {
			const [dup] = await tx`select 1 from menus where name = ${patch.name} and id <> ${id}`;
			if (dup) throw conflict(`A menu named "${patch.name}" already exists`);
		}
		const [after] = await tx<Menu<Date>[]>`
			update menus set
				name = coalesce(${patch.name ?? null}, name),
				description = coalesce(${patch.description ?? null}, description),
				updated_at = now()
			where id = ${id}
			returning ${tx.unsafe(COLS)}`;
		const locs = await placedAt(tx, id);
		await recordChange(
			tx,
			me,
			{ action: 'update', entity: 'menu', entityId: id, before, after },
			...(await menuChanged(
				tx,
				locs.map((l) => ({ location_id: l, entity: 'menu', id, change: 'updated' }))
			))
		);
		return after;
	}).catch((e) => {
		throw taken(e) ? conflict(`A menu named "${patch.name}" already exists`) : e;
	});
}

/** A menu still placed somewhere is a 409: remove its placements first (they are per campus). */
export async function remove(sql: Db, me: Identity, id: string): Promise<void> {
	await atomic(sql, async (tx) => {
		const [before] = await tx<Menu<Date>[]>`
			select ${tx.unsafe(COLS)} from menus where id = ${id} for update`;
		if (!before) throw notFound('Menu not found');
		const [{ n }] = await tx<{ n: number }[]>`
			select count(*)::int as n from placements where menu_id = ${id}`;
		if (n > 0)
			throw conflict(`Menu is placed ${n} time(s) at locations: remove its placements first`);
		await tx`delete from menus where id = ${id}`;
		await recordChange(tx, me, { action: 'delete', entity: 'menu', entityId: id, before });
	});
}
