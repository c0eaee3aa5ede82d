// Test identities created directly in the database (the passkey ceremonies have their own
// tests): a user with a role and locations, and a session cookie for it.
import { randomBytes } from 'node:crypto';
import type { Sql } from '../../src/lib/server/db/index';
import type { Role } from '../../src/lib/server/auth/identity';
import { create as createSession, SESSION_COOKIE } from '../../src/lib/server/auth/sessions';
import { seedLocation } from '../../src/lib/server/inventory/stock-items';

export interface TestUser {
	id: string;
	role: Role;
	cookie: string;
	headers: Record<string, string>;
}

export async function createUser(
	sql: Sql,
	role: Role,
	locationIds: string[] = [],
	email = `${role}-${randomBytes(4).toString('hex')}@test.local`
): Promise<TestUser> {
	const [u] = await sql<{ id: string }[]>`
		insert into users (email, display_name, role, webauthn_user_id)
		values (${email}, ${role}, ${role}, ${randomBytes(32)}) returning id`;
	for (const l of locationIds) {
		await sql`insert into user_locations (user_id, location_id) values (${u.id}, ${l})`;
	}
	const { token } = await createSession(sql, u.id, { kiosk: role === 'kiosk' });
	const cookie = `${SESSION_COOKIE}=${token}`;
	return { id: u.id, role, cookie, headers: { cookie } };
}

export async function createLocation(sql: Sql, slug = `loc-${randomBytes(6).toString('hex')}`) {
	return sql.begin(async (tx) => {
		const [l] = await tx<{ id: string; slug: string }[]>`
			insert into locations (slug, name) values (${slug}, ${slug}) returning id, slug`;
		// As locations.create does: the catalog's stock_item_revs rows of the new location.
		await seedLocation(tx, l.id);
		return l;
	});
}
