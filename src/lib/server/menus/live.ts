// The live menu of a location: what is on offer right now, by daypart. The one resolver for
// every reader: GET …/menu/current (signage, staff), the diner's menu, and the pricing of a
// diner's order. Which daypart is live and what it offers are the pure rules of
// shared/dayparts.ts (weekdays, past-midnight spans, DST, overlaps) and shared/live-menu.ts;
// this module loads the facts and applies them. Devices offline resolve the same facts from
// their copy (the live_menus sync collection, menus/live-sync.ts).
import { z } from 'zod';
import type { Db } from '../db/index';
import { inScope, type Identity } from '../auth/identity';
import { ApiError, notFound } from '../http/errors';
import type { DaypartRule } from '../../shared/dayparts';
import { resolveMenu, type MenuFacts, type PlacedDish } from '../../shared/live-menu';
import type { MenuEntry } from '../../shared/wire/diner';
import type { CurrentMenu } from '../../shared/wire/menus';
import { onlyLeft, portionsAt } from './stock';

export type { MenuEntry };

/**
 * What the live menu of a location is made of (undefined for an unknown location): its
 * dayparts, zone and currency, and every placed sellable dish (meals, and items with a menu
 * price) with its manual 86 and the portions the stock covers.
 */
export async function facts(db: Db, locationId: string): Promise<MenuFacts | undefined> {
	const [loc] = await db<{ timezone: string; currency: string }[]>`
		select timezone, currency from locations where id = ${locationId}`;
	if (!loc) return undefined;
	const dayparts = await db<DaypartRule[]>`
		select id, name, days::int[] as days, starts_at::text as starts_at, ends_at::text as ends_at
		from dayparts where location_id = ${locationId} order by id`;
	const rows = await db<Omit<PlacedDish, 'portions'>[]>`
		select p.id as placement_id, p.menu_id, mn.name as menu_name, p.daypart_id,
			case when m.id is not null then 'meal' else 'item' end as kind,
			coalesce(m.id, i.id) as id,
			coalesce(m.name, i.name) as name,
			coalesce(m.description, '') as description,
			coalesce(m.price_cents, i.price_cents)::int as price_cents,
			coalesce(m.category, i.category) as category, coalesce(m.tags, i.tags) as tags,
			p.sold_out, p.position
		from placements p
		join menus mn on mn.id = p.menu_id
		left join meals m on m.id = p.meal_id
		left join items i on i.id = p.item_id and i.price_cents is not null
		where p.location_id = ${locationId}
			and (m.id is not null or i.id is not null)
		order by p.position, coalesce(m.name, i.name), p.id`;
	// Predictive 86: portions the location's stock covers, per placed dish.
	const portions = await portionsAt(db, locationId);
	return {
		location_id: locationId,
		time_zone: loc.timezone,
		currency: loc.currency,
		dayparts,
		placements: rows.map((r) => ({
			...r,
			price_cents: Number(r.price_cents),
			portions: portions.get(`${r.kind}:${r.id}`) ?? null
		})),
		only_left: onlyLeft()
	};
}

/**
 * The live menu at `at` (default now), or undefined for an unknown location: the winning
 * daypart's placements plus the all-day ones (no daypart), each dish once (its first
 * placement by position).
 */
export async function current(
	db: Db,
	locationId: string,
	at: Date = new Date()
): Promise<CurrentMenu<Date> | undefined> {
	const f = await facts(db, locationId);
	return f && resolveMenu(f, at);
}

export const currentQuery = z.object({
	at: z.iso
		.datetime({ offset: true, message: 'must be an RFC 3339 instant' })
		.transform((s) => new Date(s))
		.optional()
});

/** GET …/menu/current: a location outside the caller's scope, or unknown, is a 404. */
export async function currentFor(
	db: Db,
	me: Identity,
	locationId: string,
	at?: Date
): Promise<CurrentMenu<Date>> {
	const c = inScope(me, locationId) ? await current(db, locationId, at) : undefined;
	if (!c) throw notFound('Location not found');
	return c;
}

/** The live menu as the diner sees it (GET /api/customer/…/menu). */
export async function menu(db: Db, locationId: string): Promise<MenuEntry[]> {
	const c = await current(db, locationId);
	return (c?.entries ?? []).map((e) => ({
		id: e.id,
		kind: e.kind,
		name: e.name,
		description: e.description,
		price_cents: e.price_cents,
		category: e.category,
		tags: e.tags,
		sold_out: e.sold_out,
		sold_out_reason: e.sold_out_reason,
		portions_left: e.portions_left,
		placement_id: e.placement_id
	}));
}

/**
 * Prices order lines against the live menu: each names a meal or an item that is on it now and
 * not sold out (400 NOT_ON_MENU naming the line, 409 SOLD_OUT naming the dish).
 */
export async function price<L extends { mealId?: string; itemId?: string }>(
	db: Db,
	locationId: string,
	lines: L[]
): Promise<(L & { entry: MenuEntry })[]> {
	const live = new Map((await menu(db, locationId)).map((e) => [`${e.kind}:${e.id}`, e]));
	return lines.map((l, i) => {
		const key = l.mealId ? `meal:${l.mealId}` : `item:${l.itemId}`;
		const entry = live.get(key);
		if (!entry) throw new ApiError(400, `lines.${i}: not on the current menu`, 'NOT_ON_MENU');
		if (entry.sold_out) throw new ApiError(409, `${entry.name} is sold out`, 'SOLD_OUT');
		return { ...l, entry };
	});
}
