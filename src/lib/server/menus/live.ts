// The live menu of a location: what is on offer right now, by daypart. One resolver for every
// reader: the diner's menu, the pricing of a diner's order, and (later) signage and placements.
import type { Db } from '../db/index';
import { ApiError } from '../http/errors';
import type { MenuEntry } from '../../shared/wire/diner';

export type { MenuEntry };

/**
 * The live menu of a location: placements whose daypart covers the current local time and
 * weekday (or that have no daypart), meals and sellable items, first placement wins.
 */
export async function menu(db: Db, locationId: string): Promise<MenuEntry[]> {
	return db<MenuEntry[]>`
		with loc as (select (now() at time zone timezone) as local from locations where id = ${locationId}),
		live as (
			select p.* from placements p
			left join dayparts d on d.id = p.daypart_id, loc
			where p.location_id = ${locationId}
				and (d.id is null or (
					extract(isodow from loc.local)::smallint = any(d.days)
					and loc.local::time between d.starts_at and d.ends_at))
		),
		entries as (
			select distinct on (coalesce(l.meal_id, l.item_id))
				coalesce(m.id, i.id) as id,
				case when m.id is not null then 'meal' else 'item' end as kind,
				coalesce(m.name, i.name) as name,
				coalesce(m.description, '') as description,
				coalesce(m.price_cents, i.price_cents) as price_cents,
				l.sold_out,
				l.position
			from live l
			left join meals m on m.id = l.meal_id
			left join items i on i.id = l.item_id and i.price_cents is not null
			where m.id is not null or i.id is not null
			order by coalesce(l.meal_id, l.item_id), l.position
		)
		select id, kind, name, description, price_cents, sold_out from entries order by position, name`;
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
