// Admin operations on users, invitations and kiosks; each audited in its transaction.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db, Sql, Tx } from '../db/index';
import { record } from '../audit/log';
import { conflict, forbidden, notFound } from '../http/errors';
import type { Identity } from './identity';
import * as invitations from './invitations';
import { revokeAllForUser } from './sessions';
import { hashToken, newToken } from './tokens';
import * as users from './users';
import { atomic } from '../db/index';

export const roleBody = z.strictObject({ role: z.enum(['staff', 'manager', 'admin']) });
export const statusBody = z.strictObject({ status: z.enum(['active', 'disabled']) });
export const locationsBody = z.strictObject({
	location_ids: z.array(z.uuid({ message: 'must be a UUID' })).max(500)
});
export const invitationBody = z.strictObject({
	role: z.enum(['staff', 'manager', 'admin']),
	email: z.email().max(320).optional(),
	location_ids: z
		.array(z.uuid({ message: 'must be a UUID' }))
		.max(500)
		.default([]),
	expires_in_hours: z
		.number()
		.int()
		.min(1)
		.max(24 * 30)
		.default(72)
});

/**
 * Locks every active admin row (in id order, so concurrent changes serialize without deadlock)
 * and the target, before a role or status change. The caller may have been demoted or disabled
 * by a concurrent request since it was let in: then it may no longer act.
 */
async function lockForChange(tx: Db, me: Identity, userId: string) {
	const admins = await tx<{ id: string }[]>`
		select id from users where role = 'admin' and status = 'active' order by id for update`;
	if (!admins.some((a) => a.id === me.userId)) {
		throw forbidden('Your admin access changed meanwhile; reload and try again');
	}
	const [target] = await tx<{ id: string; role: string; status: string }[]>`
		select id, role, status from users where id = ${userId} and role <> 'kiosk' for update`;
	if (!target) throw notFound('User not found');
	return { admins, target };
}

/**
 * Changes a user's role. Demoting an admin locks every active admin row first, so concurrent
 * demotions serialize and the last active admin can never be demoted.
 */
export async function setRole(
	sql: Sql,
	me: Identity,
	userId: string,
	role: 'staff' | 'manager' | 'admin'
) {
	return sql.begin(async (tx) => {
		const { admins, target } = await lockForChange(tx, me, userId);
		if (target.role === role) return users.get(tx, userId);
		if (target.role === 'admin' && target.status === 'active' && admins.length <= 1) {
			throw conflict('Cannot demote the only active admin');
		}
		await tx`update users set role = ${role}, updated_at = now() where id = ${userId}`;
		await record(tx, me, {
			action: 'set_role',
			entity: 'user',
			entityId: userId,
			before: { role: target.role },
			after: { role }
		});
		return users.get(tx, userId);
	});
}

/**
 * Disables or re-enables a person's account (someone who left keeps no access: their sessions
 * end at once and sign-in is refused). Same admin locking as setRole: the last active admin
 * cannot be disabled, and nobody disables themselves by accident.
 */
export async function setStatus(
	sql: Sql,
	me: Identity,
	userId: string,
	status: 'active' | 'disabled'
) {
	return sql.begin(async (tx) => {
		const { admins, target } = await lockForChange(tx, me, userId);
		if (target.status === status) return users.get(tx, userId);
		if (status === 'disabled') {
			if (userId === me.userId) throw conflict('You cannot disable your own account');
			if (target.role === 'admin' && admins.length <= 1) {
				throw conflict('Cannot disable the only active admin');
			}
		}
		await tx`update users set status = ${status}, updated_at = now() where id = ${userId}`;
		if (status === 'disabled') await revokeAllForUser(tx, userId);
		await record(tx, me, {
			action: 'set_status',
			entity: 'user',
			entityId: userId,
			before: { status: target.status },
			after: { status }
		});
		return users.get(tx, userId);
	});
}

export async function setLocations(sql: Sql, me: Identity, userId: string, locationIds: string[]) {
	return sql.begin(async (tx) => {
		const before = await users.get(tx, userId);
		if (!before || before.role === 'kiosk') throw notFound('User not found');
		const unique = [...new Set(locationIds)];
		const [{ n }] = await tx<
			{ n: number }[]
		>`select count(*)::int as n from locations where id = any(${unique}::uuid[])`;
		if (n !== unique.length) throw notFound('Unknown location in location_ids');
		const after = await users.setLocations(tx, userId, unique);
		await record(tx, me, {
			action: 'set_locations',
			entity: 'user',
			entityId: userId,
			before: { location_ids: before.location_ids },
			after: { location_ids: after }
		});
		return after;
	});
}

export async function invite(sql: Sql, me: Identity, body: z.output<typeof invitationBody>) {
	return sql.begin(async (tx) => {
		const ids = [...new Set(body.location_ids)];
		const [{ n }] = await tx<
			{ n: number }[]
		>`select count(*)::int as n from locations where id = any(${ids}::uuid[])`;
		if (n !== ids.length) throw notFound('Unknown location in location_ids');
		const { invitation, token } = await invitations.create(tx, {
			email: body.email ?? null,
			role: body.role,
			locationIds: ids,
			createdBy: me.userId,
			ttlHours: body.expires_in_hours
		});
		await record(tx, me, {
			action: 'create',
			entity: 'invitation',
			entityId: invitation.id,
			after: invitation
		});
		return { ...invitation, token, url: invitations.inviteUrl(token) };
	});
}

export async function uninvite(sql: Sql, me: Identity, id: string) {
	await sql.begin(async (tx) => {
		const inv = await invitations.remove(tx, id);
		if (!inv) throw notFound('Invitation not found');
		await record(tx, me, { action: 'delete', entity: 'invitation', entityId: id, before: inv });
	});
}

/** Rotates one location's kiosk token; the plain token is returned once, only its hash is kept. */
export async function rotateKiosk(sql: Db, me: Identity, locationId: string): Promise<string> {
	return atomic(sql, async (tx) => {
		const [loc] = await tx`select id from locations where id = ${locationId} for update`;
		if (!loc) throw notFound('Location not found');
		return rotateKioskToken(tx, me, locationId);
	});
}

/** Fleet-wide rotation: every location gets a new token, all in one transaction. */
export async function rotateAllKiosks(
	sql: Db,
	me: Identity
): Promise<{ location_id: string; token: string }[]> {
	return atomic(sql, async (tx) => {
		const locs = await tx<{ id: string }[]>`select id from locations order by id for update`;
		const out: { location_id: string; token: string }[] = [];
		for (const l of locs)
			out.push({ location_id: l.id, token: await rotateKioskToken(tx, me, l.id) });
		return out;
	});
}

/** Issues a new kiosk token for a location (creating its kiosk account the first time). */
export async function rotateKioskToken(tx: Tx, me: Identity, locationId: string): Promise<string> {
	const token = newToken();
	const [existing] = await tx<{ user_id: string }[]>`
		select user_id from kiosk_tokens where location_id = ${locationId} for update`;
	let userId = existing?.user_id;
	if (!userId) {
		const [loc] = await tx<{ slug: string }[]>`select slug from locations where id = ${locationId}`;
		userId = await users.create(tx, {
			email: null,
			displayName: `Kiosk · ${loc.slug}`,
			role: 'kiosk',
			webauthnUserId: randomBytes(32)
		});
		await users.setLocations(tx, userId, [locationId]);
		await tx`insert into kiosk_tokens (location_id, user_id, token_hash) values (${locationId}, ${userId}, ${hashToken(token)})`;
	} else {
		await tx`update kiosk_tokens set token_hash = ${hashToken(token)}, rotated_at = now() where location_id = ${locationId}`;
		// Screens signed in with the old token must re-authenticate.
		await revokeAllForUser(tx, userId);
	}
	await record(tx, me, {
		action: 'rotate_kiosk_token',
		entity: 'location',
		entityId: locationId,
		locationId
	});
	return token;
}
