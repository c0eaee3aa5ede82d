// Meals: recipes with a bill of materials. Tenant-global; admins write. The meal's cost is the
// cached sum of its components' costs (costing/recompute.ts keeps it current); responses show
// each component's cost and the food cost against the menu price, and a meal with an unpriced
// component says so (unit_cost_cents null, cost_complete false) instead of looking free.
import { z } from 'zod';
import type { Db, Sql, Tx } from '../db/index';
import type { Identity } from '../auth/identity';
import { record, recordChange } from '../audit/log';
import { badRequest, conflict, notFound } from '../http/errors';
import { componentCost, foodCostPct, mealCost } from '../../shared/cost';
import * as recompute from './recompute';
import { dishCategory, dishTags } from '../menus/dish';
import { menuChanged } from '../menus/notify';

const component = z.strictObject({
	item_id: z.uuid({ message: 'must be a UUID' }),
	/** In the item's own unit, as plated. */
	quantity: z.number().positive().max(1_000_000),
	/** Share that reaches the plate after trim/waste, in % (default 100). */
	yield_pct: z.number().positive().max(100).default(100)
});

const components = z
	.array(component)
	.max(200)
	.refine((cs) => new Set(cs.map((c) => c.item_id)).size === cs.length, {
		message: 'an item may appear only once'
	});

export const mealInput = z.strictObject({
	name: z.string().trim().min(1).max(200),
	description: z.string().trim().max(2000).default(''),
	price_cents: z.number().int().min(0).max(100_000_000),
	components: components.default([]),
	// Additions: the menu category and allergen/diet tags (README "Dish tags").
	category: dishCategory.default(''),
	tags: dishTags.default([])
});
export const mealUpdate = z.strictObject({
	name: z.string().trim().min(1).max(200).optional(),
	description: z.string().trim().max(2000).optional(),
	price_cents: z.number().int().min(0).max(100_000_000).optional(),
	components: components.optional(),
	category: dishCategory.optional(),
	tags: dishTags.optional()
});

export interface MealComponent {
	item_id: string;
	item_name: string;
	item_sku: string;
	unit: string;
	quantity: number;
	yield_pct: number;
	priced: boolean;
	/** The item's cost per unit; null when the item has no preferred vendor. */
	item_unit_cost_cents: number | null;
	cost_cents: number | null;
}

export interface CostFlag {
	id: string;
	item_id: string;
	receipt_id: string | null;
	old_unit_cost_cents: number;
	new_unit_cost_cents: number;
	change_pct: number;
	created_at: Date;
}

export interface Meal {
	id: string;
	name: string;
	description: string;
	price_cents: number;
	category: string;
	tags: string[];
	/** Sum of the components' costs; null when a component has no price (cost_complete false). */
	unit_cost_cents: number | null;
	cost_complete: boolean;
	/** What the priced components add up to (equals unit_cost_cents when complete). */
	priced_cost_cents: number;
	unpriced_components: number;
	food_cost_pct: number | null;
	/** Open price-drift flags raised by receipts. */
	cost_flags: CostFlag[];
	components: MealComponent[];
	cost_updated_at: Date;
	created_at: Date;
	updated_at: Date;
}

interface MealRow {
	id: string;
	name: string;
	description: string;
	price_cents: number;
	category: string;
	tags: string[];
	unit_cost_cents: number | null;
	cost_updated_at: Date;
	created_at: Date;
	updated_at: Date;
}

async function load(db: Db, ids: string[] | null): Promise<Meal[]> {
	const rows = await db<MealRow[]>`
		select id, name, description, price_cents, category, tags, unit_cost_cents, cost_updated_at,
			created_at, updated_at
		from meals where (${ids === null} or id = any(${ids ?? []}::uuid[])) order by name`;
	if (rows.length === 0) return [];
	const mealIds = rows.map((r) => r.id);
	const comps = await db<
		{
			meal_id: string;
			item_id: string;
			item_name: string;
			item_sku: string;
			unit: string;
			quantity: number;
			yield_pct: number;
			unit_cost_cents: number;
			priced: boolean;
		}[]
	>`
		select c.meal_id, c.item_id, i.name as item_name, i.sku as item_sku, i.unit, c.quantity,
			c.yield_pct, i.unit_cost_cents, i.unit_cost_vendor_id is not null as priced
		from meal_components c join items i on i.id = c.item_id
		where c.meal_id = any(${mealIds}::uuid[]) order by c.position, i.name`;
	const flags = await db<(CostFlag & { meal_id: string })[]>`
		select id, meal_id, item_id, receipt_id, old_unit_cost_cents, new_unit_cost_cents,
			change_pct, created_at
		from meal_cost_flags where meal_id = any(${mealIds}::uuid[]) and resolved_at is null
		order by created_at`;
	return rows.map((m) => {
		const mine = comps.filter((c) => c.meal_id === m.id);
		const summary = mealCost(mine);
		return {
			...m,
			cost_complete: m.unit_cost_cents !== null,
			priced_cost_cents: summary.priced_cost_cents,
			unpriced_components: summary.unpriced_components,
			food_cost_pct: foodCostPct(m.unit_cost_cents, m.price_cents),
			cost_flags: flags
				.filter((f) => f.meal_id === m.id)
				.map(({ meal_id: _, ...f }) => ({ ...f, change_pct: Number(f.change_pct) })),
			components: mine.map((c) => ({
				item_id: c.item_id,
				item_name: c.item_name,
				item_sku: c.item_sku,
				unit: c.unit,
				quantity: c.quantity,
				yield_pct: c.yield_pct,
				priced: c.priced,
				item_unit_cost_cents: c.priced ? c.unit_cost_cents : null,
				cost_cents: componentCost(c)
			}))
		};
	});
}

export function list(db: Db): Promise<Meal[]> {
	return load(db, null);
}

export async function get(db: Db, id: string): Promise<Meal | undefined> {
	return (await load(db, [id]))[0];
}

export interface CostPoint {
	unit_cost_cents: number | null;
	at: Date;
}

export async function history(db: Db, id: string): Promise<CostPoint[]> {
	return db<CostPoint[]>`
		select unit_cost_cents, created_at as at from meal_cost_history
		where meal_id = ${id} order by id desc limit 200`;
}

async function nameTaken(tx: Db, name: string, except?: string): Promise<void> {
	const [dup] = await tx`
		select 1 from meals where lower(name) = lower(${name}) and id is distinct from ${except ?? null}::uuid`;
	if (dup) throw conflict(`A meal named "${name}" already exists`);
}

async function writeComponents(
	tx: Db,
	mealId: string,
	cs: z.output<typeof components>
): Promise<void> {
	if (cs.length) {
		const ids = cs.map((c) => c.item_id);
		// FOR SHARE, sorted: a price writer of one of these items (recompute.items holds it FOR
		// NO KEY UPDATE) and this meal's writer then run one after the other, so whichever
		// commits second computes the meal from the other's committed change. The foreign keys'
		// own key-share lock does not conflict with NO KEY UPDATE, and left the two to race.
		const known = await tx<{ id: string }[]>`
			select id from items where id = any(${ids}::uuid[]) order by id for share`;
		const missing = cs.findIndex((c) => !known.some((k) => k.id === c.item_id));
		if (missing >= 0) throw badRequest(`components.${missing}.item_id: no such item`);
	}
	await tx`delete from meal_components where meal_id = ${mealId}`;
	for (const [position, c] of cs.entries()) {
		await tx`insert into meal_components (meal_id, item_id, quantity, yield_pct, position)
			values (${mealId}, ${c.item_id}, ${c.quantity}, ${c.yield_pct}, ${position})`;
	}
}

/** What create takes: the parsed body; category and tags may be left out (none). */
export type MealInput = Omit<z.output<typeof mealInput>, 'category' | 'tags'> &
	Partial<Pick<z.output<typeof mealInput>, 'category' | 'tags'>>;

/**
 * A meal's name, price, tags or recipe make the live menu (and its predicted portions) of every
 * location where it is placed: those menus changed. Meals are install-wide, placements per
 * location.
 */
async function mealChanged(tx: Tx, id: string, change: 'updated' | 'deleted') {
	const locs = await tx<{ location_id: string }[]>`
		select distinct location_id from placements where meal_id = ${id} order by location_id`;
	return menuChanged(
		tx,
		locs.map((l) => ({ location_id: l.location_id, entity: 'meal' as const, id, change }))
	);
}

export async function create(sql: Sql, me: Identity, input: MealInput): Promise<Meal> {
	return sql.begin(async (tx) => {
		await nameTaken(tx, input.name);
		const [{ id }] = await tx<{ id: string }[]>`
			insert into meals (name, description, price_cents, category, tags)
			values (${input.name}, ${input.description}, ${input.price_cents}, ${input.category ?? ''},
				${input.tags ?? []}::text[])
			returning id`;
		await writeComponents(tx, id, input.components);
		await recompute.meals(tx, [id]);
		const meal = (await get(tx, id))!;
		await record(tx, me, { action: 'create', entity: 'meal', entityId: id, after: meal });
		return meal;
	});
}

export async function update(
	sql: Sql,
	me: Identity,
	id: string,
	patch: z.output<typeof mealUpdate>
): Promise<Meal> {
	return sql.begin(async (tx) => {
		const [row] = await tx`select id from meals where id = ${id} for update`;
		if (!row) throw notFound('Meal not found');
		const before = (await get(tx, id))!;
		if (patch.name !== undefined) await nameTaken(tx, patch.name, id);
		await tx`update meals set
			name = ${patch.name ?? before.name},
			description = ${patch.description ?? before.description},
			price_cents = ${patch.price_cents ?? before.price_cents},
			category = ${patch.category ?? before.category},
			tags = ${patch.tags ?? before.tags}::text[],
			updated_at = now()
			where id = ${id}`;
		if (patch.components) await writeComponents(tx, id, patch.components);
		await recompute.meals(tx, [id]);
		const after = (await get(tx, id))!;
		await recordChange(
			tx,
			me,
			{ action: 'update', entity: 'meal', entityId: id, before, after },
			...(await mealChanged(tx, id, 'updated'))
		);
		return after;
	});
}

export async function remove(sql: Sql, me: Identity, id: string): Promise<void> {
	await sql.begin(async (tx) => {
		const [row] = await tx`select id from meals where id = ${id} for update`;
		if (!row) throw notFound('Meal not found');
		const before = (await get(tx, id))!;
		// Its placements go with it (cascade): read where it was placed first.
		const events = await mealChanged(tx, id, 'deleted');
		await tx`delete from meals where id = ${id}`;
		await recordChange(
			tx,
			me,
			{ action: 'delete', entity: 'meal', entityId: id, before },
			...events
		);
	});
}
