import { z } from 'zod';
import type { Db } from '../db/index';
import type { Identity } from '../auth/identity';
import { readScope } from '../auth/guard';

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

export const locationInput = z.strictObject({
	slug,
	name: z.string().trim().min(1).max(200),
	timezone: z
		.string()
		.max(64)
		.refine((tz) => {
			try {
				new Intl.DateTimeFormat('en', { timeZone: tz });
				return true;
			} catch {
				return false;
			}
		}, 'is not a known IANA time zone')
		.default('UTC')
});
export const locationUpdate = locationInput.partial();

export interface Location {
	id: string;
	slug: string;
	name: string;
	timezone: string;
	created_at: Date;
	updated_at: Date;
}
const COLS = 'id, slug, name, timezone, created_at, updated_at';

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

export async function lock(db: Db, id: string): Promise<Location | undefined> {
	const [l] = await db<
		Location[]
	>`select ${db.unsafe(COLS)} from locations where id = ${id} for update`;
	return l;
}

export async function create(db: Db, input: z.output<typeof locationInput>): Promise<Location> {
	const [l] = await db<Location[]>`
		insert into locations (slug, name, timezone) values (${input.slug}, ${input.name}, ${input.timezone})
		returning ${db.unsafe(COLS)}`;
	return l;
}

export async function update(
	db: Db,
	id: string,
	patch: z.output<typeof locationUpdate>
): Promise<Location> {
	const [l] = await db<Location[]>`
		update locations set
			slug = coalesce(${patch.slug ?? null}, slug),
			name = coalesce(${patch.name ?? null}, name),
			timezone = coalesce(${patch.timezone ?? null}, timezone),
			updated_at = now()
		where id = ${id}
		returning ${db.unsafe(COLS)}`;
	// Table codes embed the slug ({slug}-{number}); keep them in step.
	if (patch.slug) {
		await db`update dining_tables set code = ${l.slug} || '-' || number where location_id = ${id}`;
	}
	return l;
}

export async function remove(db: Db, id: string): Promise<void> {
	await db`delete from locations where id = ${id}`;
}
