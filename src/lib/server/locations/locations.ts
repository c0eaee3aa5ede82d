import { z } from 'zod';
import { atomic, type Db, type Tx } from '../db/index';
import type { Identity } from '../auth/identity';
import { readScope } from '../auth/guard';
import { record, recordChange, type Actor } from '../audit/log';
import { menuChanged } from '../menus/notify';
import { conflict, notFound } from '../http/errors';
import * as ledger from '../inventory/ledger';
import * as stockItems from '../inventory/stock-items';

// First path segments the app uses: a location slug is also the diner QR path /{slug}/{table}.
export const RESERVED_SLUGS = new Set([
	'api',
	'admin',
	'login',
	'logout',
	'invite',
	'account',
	'kitchen',
	'join',
	// /t/<code>: the typed code on a table tent
	't',
	'shell',
	'staff',
	'healthz',
	'signage',
	'kiosk',
	'sw',
	'manifest',
	'icons',
	'favicon',
	'robots',
	'_app',
	'app',
	'static',
	'assets',
	'settings',
	'menu',
	'orders',
	'tables',
	'setup',
	'offline'
]);

export const slug = z
	.string()
	.trim()
	.toLowerCase()
	.min(2)
	.max(60)
	.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'use lowercase letters, digits and single dashes')
	.refine((s) => !RESERVED_SLUGS.has(s), 'is reserved by the app');

const timezone = z
	.string()
	.max(64)
	.refine((tz) => {
		try {
			new Intl.DateTimeFormat('en', { timeZone: tz });
			return true;
		} catch {
			return false;
		}
	}, 'is not a known IANA time zone');

// Addition to the reference: ISO 4217, the currency prices (integer cents) are in.
const currency = z
	.string()
	.trim()
	.toUpperCase()
	.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as PEN or USD')
	.refine(
		(c) => (Intl.supportedValuesOf?.('currency') ?? [c]).includes(c),
		'is not a known ISO 4217 currency'
	);

export const locationInput = z.strictObject({
	slug,
	name: z.string().trim().min(1).max(200),
	timezone: timezone.default('UTC'),
	// PEN, the default, is what locations without one were always shown in.
	currency: currency.default('PEN')
});
// Built without the defaults: zod 4 applies a default inside .partial(), so a PUT naming only
// the name would reset the time zone to UTC and the currency to PEN.
export const locationUpdate = z
	.strictObject({ slug, name: locationInput.shape.name, timezone, currency })
	.partial();

export interface Location {
	id: string;
	slug: string;
	name: string;
	timezone: string;
	currency: string;
	created_at: Date;
	updated_at: Date;
}
const COLS = 'id, slug, name, timezone, currency, created_at, updated_at';

export async function list(db: Db, me: Identity): Promise<Location[]> {
	const scope = readScope(me);
	return db<Location[]>`
		select ${db.unsafe(COLS)} from locations
		where ${scope === null} or id = any(${scope ?? []}::uuid[])
		order by name`;
}

export async function get(db: Db, me: Identity, id: string): Promise<Location | undefined> {
	const scope = readScope(me);
	const [l] = await db<Location[]>`
		select ${db.unsafe(COLS)} from locations
		where id = ${id} and (${scope === null} or id = any(${scope ?? []}::uuid[]))`;
	return l;
}

/** Whether a location exists, whoever asks (gates that checked scope already ran). */
export async function exists(db: Db, id: string): Promise<boolean> {
	const [l] = await db`select id from locations where id = ${id}`;
	return !!l;
}

async function lock(tx: Tx, id: string): Promise<Location | undefined> {
	const [l] = await tx<
		Location[]
	>`select ${tx.unsafe(COLS)} from locations where id = ${id} for update`;
	return l;
}

export async function create(
	sql: Db,
	me: Actor,
	input: z.output<typeof locationInput>
): Promise<Location> {
	return atomic(sql, async (tx) => {
		const [l] = await tx<Location[]>`
			insert into locations (slug, name, timezone, currency)
			values (${input.slug}, ${input.name}, ${input.timezone}, ${input.currency})
			returning ${tx.unsafe(COLS)}`;
		await stockItems.seedLocation(tx, l.id);
		await record(tx, me, {
			action: 'create',
			entity: 'location',
			entityId: l.id,
			locationId: l.id,
			after: l
		});
		return l;
	});
}

export async function update(
	sql: Db,
	me: Actor,
	id: string,
	patch: z.output<typeof locationUpdate>
): Promise<Location> {
	return atomic(sql, async (tx) => {
		const before = await lock(tx, id);
		if (!before) throw notFound('Location not found');
		const [after] = await tx<Location[]>`
			update locations set
				slug = coalesce(${patch.slug ?? null}, slug),
				name = coalesce(${patch.name ?? null}, name),
				timezone = coalesce(${patch.timezone ?? null}, timezone),
				currency = coalesce(${patch.currency ?? null}, currency),
				updated_at = now()
			where id = ${id}
			returning ${tx.unsafe(COLS)}`;
		// The usage report's daily totals are calendar days of the old zone.
		if (after.timezone !== before.timezone) await ledger.rebuildUsage(tx, id);
		// Table codes embed the slug ({slug}-{number}); keep them in step.
		if (patch.slug) {
			await tx`update dining_tables set code = ${after.slug} || '-' || number where location_id = ${id}`;
		}
		// The zone decides which daypart is live and the currency what prices are in: the live
		// menu changed (its screens and offline copies reload).
		const menu =
			after.timezone !== before.timezone || after.currency !== before.currency
				? await menuChanged(tx, [{ location_id: id, entity: 'location', id, change: 'updated' }])
				: [];
		await recordChange(
			tx,
			me,
			{ action: 'update', entity: 'location', entityId: id, locationId: id, before, after },
			...menu
		);
		return after;
	});
}

/** Deletes a location that never saw an order or a table session (its history must stay). */
export async function remove(sql: Db, me: Actor, id: string): Promise<void> {
	await atomic(sql, async (tx) => {
		const before = await lock(tx, id);
		if (!before) throw notFound('Location not found');
		const [{ history }] = await tx<{ history: boolean }[]>`
			select exists (select 1 from orders where location_id = ${id})
				or exists (select 1 from table_sessions where location_id = ${id}) as history`;
		if (history)
			throw conflict('Location has order or table-session history; it cannot be deleted');
		await tx`delete from locations where id = ${id}`;
		await record(tx, me, { action: 'delete', entity: 'location', entityId: id, before });
	});
}
