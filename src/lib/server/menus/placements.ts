// Placements: a meal or a sellable item on a menu at a location, in a daypart (or all day), at
// a position, possibly sold out. Managers of the location create, edit and delete them; staff
// of the location may only toggle `sold_out` (the 86, an operational write: DESIGN.md).
import { z } from 'zod';
import { atomic, type Db, type Tx } from '../db/index';
import type { Identity } from '../auth/identity';
import { readScope, requireLocation } from '../auth/guard';
import { recordChange } from '../audit/log';
import { badRequest, forbidden, notFound } from '../http/errors';
import type { Placement } from '../../shared/wire/menus';
import { menuChanged } from './notify';

const uuid = z.uuid({ message: 'must be a UUID' });
const position = z.number().int().min(0).max(100_000);

export const placementInput = z
	.strictObject({
		menu_id: uuid,
		/** null or absent: all day (every daypart). */
		daypart_id: uuid.nullable().default(null),
		meal_id: uuid.optional(),
		item_id: uuid.optional(),
		/** Default: after the last placement of the location. */
		position: position.optional(),
		sold_out: z.boolean().default(false)
	})
	.refine((p) => (p.meal_id === undefined) !== (p.item_id === undefined), {
		message: 'name exactly one of meal_id and item_id'
	});

export const placementUpdate = z
	.strictObject({
		menu_id: uuid.optional(),
		daypart_id: uuid.nullable().optional(),
		meal_id: uuid.optional(),
		item_id: uuid.optional(),
		position: position.optional(),
		sold_out: z.boolean().optional()
	})
	.refine((p) => p.meal_id === undefined || p.item_id === undefined, {
		message: 'name at most one of meal_id and item_id'
	});

const COLS = `id, location_id, menu_id, daypart_id, meal_id, item_id, position, sold_out,
	sold_out_at, created_at, updated_at`;

/** `?daypart_id=&menu_id=` on the list. */
export const placementFilter = z.object({ daypart_id: uuid.optional(), menu_id: uuid.optional() });
export type PlacementFilter = z.output<typeof placementFilter>;

/** The location's placements in order (out of the caller's scope: an empty list). */
export async function list(
	db: Db,
	me: Identity,
	locationId: string,
	f: PlacementFilter = {}
): Promise<Placement<Date>[]> {
	const scope = readScope(me);
	return db<Placement<Date>[]>`
		select ${db.unsafe(COLS)} from placements
		where location_id = ${locationId}
			and (${scope === null} or location_id = any(${scope ?? []}::uuid[]))
			and (${f.daypart_id ?? null}::uuid is null or daypart_id = ${f.daypart_id ?? null}::uuid)
			and (${f.menu_id ?? null}::uuid is null or menu_id = ${f.menu_id ?? null}::uuid)
		order by position, created_at, id`;
}

/** Checks that what a placement names exists (and the daypart is the location's). */
async function checkRefs(
	tx: Tx,
	locationId: string,
	p: { menu_id?: string; daypart_id?: string | null; meal_id?: string; item_id?: string }
) {
	if (p.menu_id) {
		const [m] = await tx`select 1 from menus where id = ${p.menu_id}`;
		if (!m) throw badRequest('menu_id: no such menu');
	}
	if (p.daypart_id) {
		const [d] = await tx<{ location_id: string }[]>`
			select location_id from dayparts where id = ${p.daypart_id}`;
		if (!d || d.location_id !== locationId)
			throw badRequest("daypart_id: no such daypart at this placement's location");
	}
	if (p.meal_id) {
		const [m] = await tx`select 1 from meals where id = ${p.meal_id}`;
		if (!m) throw badRequest('meal_id: no such meal');
	}
	if (p.item_id) {
		const [i] = await tx<{ price_cents: number | null }[]>`
			select price_cents from items where id = ${p.item_id}`;
		if (!i) throw badRequest('item_id: no such item');
		if (i.price_cents === null)
			throw badRequest('item_id: the item has no menu price (it is not sold on its own)');
	}
}

export async function create(
	sql: Db,
	me: Identity,
	locationId: string,
	input: z.output<typeof placementInput>
): Promise<Placement<Date>> {
	return atomic(sql, async (tx) => {
		const [loc] = await tx`select id from locations where id = ${locationId} for update`;
		if (!loc) throw notFound('Location not found');
		requireLocation(me, locationId);
		await checkRefs(tx, locationId, input);
		const [p] = await tx<Placement<Date>[]>`
			insert into placements (location_id, menu_id, daypart_id, meal_id, item_id, position, sold_out, sold_out_at)
			values (${locationId}, ${input.menu_id}, ${input.daypart_id}, ${input.meal_id ?? null},
				${input.item_id ?? null},
				coalesce(${input.position ?? null}::int,
					(select coalesce(max(position) + 1, 0) from placements where location_id = ${locationId})),
				${input.sold_out}, case when ${input.sold_out} then now() end)
			returning ${tx.unsafe(COLS)}`;
		await recordChange(
			tx,
			me,
			{ action: 'create', entity: 'placement', entityId: p.id, locationId, after: p },
			...(await menuChanged(tx, [
				{ location_id: locationId, entity: 'placement', id: p.id, change: 'created' }
			]))
		);
		return p;
	});
}

async function lock(tx: Tx, id: string): Promise<Placement<Date> | undefined> {
	const [p] = await tx<Placement<Date>[]>`
		select ${tx.unsafe(COLS)} from placements where id = ${id} for update`;
	return p;
}

const managerRoles = new Set(['manager', 'admin']);

/**
 * Edits a placement. Staff of the location may change only `sold_out` (the 86); anything else
 * is manager-of-location. Switching the dish replaces meal_id/item_id with the one named.
 */
export async function update(
	sql: Db,
	me: Identity,
	id: string,
	patch: z.output<typeof placementUpdate>
): Promise<Placement<Date>> {
	return atomic(sql, async (tx) => {
		const before = await lock(tx, id);
		if (!before) throw notFound('Placement not found');
		requireLocation(me, before.location_id);
		const fields = Object.keys(patch).filter((k) => patch[k as keyof typeof patch] !== undefined);
		if (!managerRoles.has(me.role) && fields.some((k) => k !== 'sold_out'))
			throw forbidden('Staff may only mark a placement sold out or back on sale');
		await checkRefs(tx, before.location_id, patch);
		const dish =
			patch.meal_id !== undefined
				? { meal: patch.meal_id, item: null }
				: patch.item_id !== undefined
					? { meal: null, item: patch.item_id }
					: { meal: before.meal_id, item: before.item_id };
		const soldOut = patch.sold_out ?? before.sold_out;
		const [after] = await tx<Placement<Date>[]>`
			update placements set
				menu_id = coalesce(${patch.menu_id ?? null}::uuid, menu_id),
				daypart_id = case when ${patch.daypart_id !== undefined} then ${patch.daypart_id ?? null}::uuid else daypart_id end,
				meal_id = ${dish.meal}::uuid,
				item_id = ${dish.item}::uuid,
				position = coalesce(${patch.position ?? null}::int, position),
				sold_out = ${soldOut},
				sold_out_at = case when not ${soldOut} then null when sold_out then sold_out_at else now() end,
				updated_at = now()
			where id = ${id}
			returning ${tx.unsafe(COLS)}`;
		const only86 = fields.length > 0 && fields.every((k) => k === 'sold_out');
		await recordChange(
			tx,
			me,
			{
				action: only86 ? (soldOut ? 'sold_out' : 'back_on_sale') : 'update',
				entity: 'placement',
				entityId: id,
				locationId: before.location_id,
				before,
				after
			},
			...(await menuChanged(tx, [
				{
					location_id: before.location_id,
					entity: 'placement',
					id,
					change: 'updated',
					...(patch.sold_out !== undefined ? { sold_out: soldOut } : {})
				}
			]))
		);
		return after;
	});
}

export async function remove(sql: Db, me: Identity, id: string): Promise<void> {
	await atomic(sql, async (tx) => {
		const before = await lock(tx, id);
		if (!before) throw notFound('Placement not found');
		requireLocation(me, before.location_id);
		await tx`delete from placements where id = ${id}`;
		await recordChange(
			tx,
			me,
			{
				action: 'delete',
				entity: 'placement',
				entityId: id,
				locationId: before.location_id,
				before
			},
			...(await menuChanged(tx, [
				{ location_id: before.location_id, entity: 'placement', id, change: 'deleted' }
			]))
		);
	});
}
