// The item catalog: tenant-global, admin-only writes, sku unique across the install.
// Deleting an item that has stock movements is refused (409): the ledger is history and keeps
// its rows; an item never stocked (no movements) is deleted with its pars and zero levels.
import { z } from 'zod';
import type { Db, Sql } from '../db/index';
import type { Identity } from '../auth/identity';
import { record } from '../audit/log';
import * as stockItems from './stock-items';
import { conflict, notFound } from '../http/errors';
import { dishCategory, dishTags } from '../menus/dish';

const cents = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const itemInput = z.strictObject({
	sku: z.string().trim().min(1).max(64),
	name: z.string().trim().min(1).max(200),
	unit: z.string().trim().min(1).max(20),
	unit_cost_cents: cents.default(0),
	price_cents: cents.nullable().default(null),
	// Additions: for items sold on menus, the menu category and allergen/diet tags.
	category: dishCategory.default(''),
	tags: dishTags.default([])
});
export const itemUpdate = z
	.strictObject({
		sku: itemInput.shape.sku,
		name: itemInput.shape.name,
		unit: itemInput.shape.unit,
		unit_cost_cents: cents,
		price_cents: cents.nullable(),
		category: dishCategory,
		tags: dishTags
	})
	.partial();

export const itemListQuery = z.object({ q: z.string().trim().max(200).optional() });

export interface Item {
	id: string;
	sku: string;
	name: string;
	unit: string;
	unit_cost_cents: number;
	price_cents: number | null;
	category: string;
	tags: string[];
	created_at: Date;
	updated_at: Date;
}

export async function list(db: Db, q?: string): Promise<Item[]> {
	const like = q ? `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%` : null;
	return db<Item[]>`
		select id, sku, name, unit, unit_cost_cents, price_cents, category, tags, created_at, updated_at from items
		where ${like}::text is null or name ilike ${like} or sku ilike ${like}
		order by name, sku`;
}

export async function get(db: Db, id: string): Promise<Item | undefined> {
	const [i] = await db<Item[]>`
		select id, sku, name, unit, unit_cost_cents, price_cents, category, tags, created_at, updated_at
		from items where id = ${id}`;
	return i;
}

/** The unique violation on sku as a 409 that names the sku; anything else is rethrown. */
async function skuConflict<T>(sku: string | undefined, fn: () => Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (e) {
		const pg = e as { code?: string; constraint_name?: string };
		if (pg?.code === '23505' && pg.constraint_name === 'items_sku_key') {
			throw conflict(`An item with sku ${sku} already exists`);
		}
		throw e;
	}
}

export function create(sql: Sql, me: Identity, input: z.output<typeof itemInput>): Promise<Item> {
	return skuConflict(input.sku, () =>
		sql.begin(async (tx) => {
			const [i] = await tx<Item[]>`
				insert into items (sku, name, unit, unit_cost_cents, price_cents, category, tags)
				values (${input.sku}, ${input.name}, ${input.unit}, ${input.unit_cost_cents},
					${input.price_cents}, ${input.category}, ${input.tags}::text[])
				returning id, sku, name, unit, unit_cost_cents, price_cents, category, tags, created_at, updated_at`;
			await record(tx, me, { action: 'create', entity: 'item', entityId: i.id, after: i });
			await stockItems.touchItems(tx, [i.id], 'created');
			return i;
		})
	);
}

export function update(
	sql: Sql,
	me: Identity,
	id: string,
	patch: z.output<typeof itemUpdate>
): Promise<Item> {
	return skuConflict(patch.sku, () =>
		sql.begin(async (tx) => {
			const [before] = await tx<Item[]>`
				select id, sku, name, unit, unit_cost_cents, price_cents, category, tags, created_at, updated_at
				from items where id = ${id} for update`;
			if (!before) throw notFound('Item not found');
			const [after] = await tx<Item[]>`
				update items set
					sku = coalesce(${patch.sku ?? null}, sku),
					name = coalesce(${patch.name ?? null}, name),
					unit = coalesce(${patch.unit ?? null}, unit),
					unit_cost_cents = coalesce(${patch.unit_cost_cents ?? null}::bigint, unit_cost_cents),
					price_cents = case when ${patch.price_cents !== undefined}
						then ${patch.price_cents ?? null}::bigint else price_cents end,
					category = coalesce(${patch.category ?? null}, category),
					tags = coalesce(${patch.tags ?? null}::text[], tags),
					updated_at = now()
				where id = ${id}
				returning id, sku, name, unit, unit_cost_cents, price_cents, category, tags, created_at, updated_at`;
			await record(tx, me, { action: 'update', entity: 'item', entityId: id, before, after });
			await stockItems.touchItems(tx, [id], 'updated');
			return after;
		})
	);
}

export function remove(sql: Sql, me: Identity, id: string): Promise<void> {
	return sql.begin(async (tx) => {
		// The row lock waits for any ledger write in flight (its foreign key share-locks the item).
		const [before] = await tx<Item[]>`
			select id, sku, name, unit, unit_cost_cents, price_cents, category, tags, created_at, updated_at
			from items where id = ${id} for update`;
		if (!before) throw notFound('Item not found');
		const [{ n }] = await tx<{ n: number }[]>`
			select count(*)::int as n from stock_movements where item_id = ${id}`;
		if (n > 0) {
			throw conflict(
				`Item ${before.sku} has ${n} stock movement${n === 1 ? '' : 's'}; an item with stock history cannot be deleted`
			);
		}
		await tx`delete from items where id = ${id}`;
		await record(tx, me, { action: 'delete', entity: 'item', entityId: id, before });
		await stockItems.touchItems(tx, [id], 'deleted');
	});
}
