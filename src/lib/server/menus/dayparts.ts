// Dayparts: when a location serves what ("Lunch", Mon–Fri 11:00–15:00), in the location's IANA
// time zone. Which one is live at an instant is the pure rule of shared/dayparts.ts (an end at
// or before the start spans past midnight and belongs to the day it started; on overlap the
// most recently started wins). Manager-of-location writes (DESIGN.md, "Dayparts and placements").
import { z } from 'zod';
import { atomic, type Db, type Tx } from '../db/index';
import type { Identity } from '../auth/identity';
import { readScope, requireLocation } from '../auth/guard';
import { recordChange } from '../audit/log';
import { conflict, notFound } from '../http/errors';
import type { Daypart } from '../../shared/wire/menus';
import { menuChanged } from './notify';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, {
	message: 'must be HH:MM or HH:MM:SS (00:00–23:59)'
});
const days = z
	.array(z.number().int().min(1).max(7))
	.min(1)
	.max(7)
	.refine((d) => new Set(d).size === d.length, { message: 'a weekday may appear only once' })
	.transform((d) => [...d].sort((a, b) => a - b));

export const daypartInput = z.strictObject({
	name: z.string().trim().min(1).max(100),
	/** ISO weekdays, 1 (Mon) … 7 (Sun); default every day. */
	days: days.default([1, 2, 3, 4, 5, 6, 7]),
	starts_at: clock,
	ends_at: clock
});
export const daypartUpdate = z.strictObject({
	name: z.string().trim().min(1).max(100).optional(),
	days: days.optional(),
	starts_at: clock.optional(),
	ends_at: clock.optional()
});

const COLS = `id, location_id, name, days::int[] as days, starts_at::text as starts_at,
	ends_at::text as ends_at, created_at, updated_at`;

/** The location's dayparts (out of the caller's scope: an empty list). */
export async function list(db: Db, me: Identity, locationId: string): Promise<Daypart<Date>[]> {
	const scope = readScope(me);
	return db<Daypart<Date>[]>`
		select ${db.unsafe(COLS)} from dayparts
		where location_id = ${locationId}
			and (${scope === null} or location_id = any(${scope ?? []}::uuid[]))
		order by starts_at, name`;
}

export async function get(db: Db, id: string): Promise<Daypart<Date> | undefined> {
	const [d] = await db<Daypart<Date>[]>`select ${db.unsafe(COLS)} from dayparts where id = ${id}`;
	return d;
}

async function lock(tx: Tx, id: string): Promise<Daypart<Date> | undefined> {
	const [d] = await tx<Daypart<Date>[]>`
		select ${tx.unsafe(COLS)} from dayparts where id = ${id} for update`;
	return d;
}

async function nameFree(tx: Tx, locationId: string, name: string, except: string | null) {
	const [dup] = await tx`
		select 1 from dayparts where location_id = ${locationId} and name = ${name}
			and (${except}::uuid is null or id <> ${except}::uuid)`;
	if (dup) throw conflict(`This location already has a daypart named "${name}"`);
}

export async function create(
	sql: Db,
	me: Identity,
	locationId: string,
	input: z.output<typeof daypartInput>
): Promise<Daypart<Date>> {
	return atomic(sql, async (tx) => {
		const [loc] = await tx`select id from locations where id = ${locationId} for share`;
		if (!loc) throw notFound('Location not found');
		requireLocation(me, locationId);
		await nameFree(tx, locationId, input.name, null);
		const [d] = await tx<Daypart<Date>[]>`
			insert into dayparts (location_id, name, days, starts_at, ends_at)
			values (${locationId}, ${input.name}, ${input.days}::smallint[], ${input.starts_at}::time, ${input.ends_at}::time)
			returning ${tx.unsafe(COLS)}`;
		await recordChange(
			tx,
			me,
			{ action: 'create', entity: 'daypart', entityId: d.id, locationId, after: d },
			...(await menuChanged(tx, [
				{ location_id: locationId, entity: 'daypart', id: d.id, change: 'created' }
			]))
		);
		return d;
	});
}

export async function update(
	sql: Db,
	me: Identity,
	id: string,
	patch: z.output<typeof daypartUpdate>
): Promise<Daypart<Date>> {
	return atomic(sql, async (tx) => {
		const before = await lock(tx, id);
		if (!before) throw notFound('Daypart not found');
		requireLocation(me, before.location_id);
		if (patch.name !== undefined) await nameFree(tx, before.location_id, patch.name, id);
		const [after] = await tx<Daypart<Date>[]>`
			update dayparts set
				name = coalesce(${patch.name ?? null}, name),
				days = coalesce(${patch.days ?? null}::smallint[], days),
				starts_at = coalesce(${patch.starts_at ?? null}::time, starts_at),
				ends_at = coalesce(${patch.ends_at ?? null}::time, ends_at),
				updated_at = now()
			where id = ${id}
			returning ${tx.unsafe(COLS)}`;
		await recordChange(
			tx,
			me,
			{
				action: 'update',
				entity: 'daypart',
				entityId: id,
				locationId: before.location_id,
				before,
				after
			},
			...(await menuChanged(tx, [
				{ location_id: before.location_id, entity: 'daypart', id, change: 'updated' }
			]))
		);
		return after;
	});
}

/** A daypart with placements is a 409 (deleting it would silently take dishes off the menu). */
export async function remove(sql: Db, me: Identity, id: string): Promise<void> {
	await atomic(sql, async (tx) => {
		const before = await lock(tx, id);
		if (!before) throw notFound('Daypart not found');
		requireLocation(me, before.location_id);
		const [{ n }] = await tx<{ n: number }[]>`
			select count(*)::int as n from placements where daypart_id = ${id}`;
		if (n > 0) throw conflict(`Daypart has ${n} placement(s): move or remove them first`);
		await tx`delete from dayparts where id = ${id}`;
		await recordChange(
			tx,
			me,
			{ action: 'delete', entity: 'daypart', entityId: id, locationId: before.location_id, before },
			...(await menuChanged(tx, [
				{ location_id: before.location_id, entity: 'daypart', id, change: 'deleted' }
			]))
		);
	});
}
