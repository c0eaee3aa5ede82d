import type { Db } from '../db/index';
import type { Role } from './identity';

export interface User {
	id: string;
	email: string | null;
	display_name: string;
	role: Role;
	status: 'active' | 'disabled';
	created_at: Date;
	location_ids: string[];
}

const SELECT = `u.id, u.email, u.display_name, u.role, u.status, u.created_at,
	coalesce(array(select ul.location_id from user_locations ul where ul.user_id = u.id order by ul.location_id), '{}') as location_ids`;

export async function list(db: Db): Promise<User[]> {
	return db<
		User[]
	>`select ${db.unsafe(SELECT)} from users u where u.role <> 'kiosk' order by u.created_at`;
}

export async function get(db: Db, id: string): Promise<User | undefined> {
	const [u] = await db<User[]>`select ${db.unsafe(SELECT)} from users u where u.id = ${id}`;
	return u;
}

export async function byEmail(db: Db, email: string): Promise<User | undefined> {
	const [u] = await db<
		User[]
	>`select ${db.unsafe(SELECT)} from users u where lower(u.email) = lower(${email})`;
	return u;
}

export async function hasActiveAdmin(db: Db): Promise<boolean> {
	const [r] =
		await db`select exists (select 1 from users where role = 'admin' and status = 'active') as yes`;
	return r.yes;
}

export async function create(
	db: Db,
	u: { email: string | null; displayName: string; role: Role; webauthnUserId: Buffer }
): Promise<string> {
	const [row] = await db<{ id: string }[]>`
		insert into users (email, display_name, role, webauthn_user_id)
		values (${u.email}, ${u.displayName}, ${u.role}, ${u.webauthnUserId}) returning id`;
	return row.id;
}

/** Replaces the user's locations with those of the list that exist. */
export async function setLocations(
	db: Db,
	userId: string,
	locationIds: string[]
): Promise<string[]> {
	await db`delete from user_locations where user_id = ${userId}`;
	if (locationIds.length === 0) return [];
	const rows = await db<{ location_id: string }[]>`
		insert into user_locations (user_id, location_id)
		select ${userId}, id from locations where id = any(${locationIds}::uuid[])
		returning location_id`;
	return rows.map((r) => r.location_id).sort();
}
