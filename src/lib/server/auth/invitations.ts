import type { Db } from '../db/index';
import { config } from '../config';
import { hashToken, newToken } from './tokens';

export interface Invitation {
	id: string;
	email: string | null;
	role: 'staff' | 'manager' | 'admin';
	location_ids: string[];
	bootstrap: boolean;
	created_by: string | null;
	created_at: Date;
	expires_at: Date;
	used_at: Date | null;
	used_by: string | null;
}

const COLUMNS =
	'id, email, role, location_ids, bootstrap, created_by, created_at, expires_at, used_at, used_by';

export function inviteUrl(token: string): string {
	return `${config.origin.replace(/\/$/, '')}/invite/${token}`;
}

export async function create(
	db: Db,
	input: {
		email?: string | null;
		role: Invitation['role'];
		locationIds?: string[];
		createdBy?: string | null;
		ttlHours?: number;
		bootstrap?: boolean;
	}
): Promise<{ invitation: Invitation; token: string }> {
	const token = newToken();
	const [invitation] = await db<Invitation[]>`
		insert into invitations (token_hash, email, role, location_ids, bootstrap, created_by, expires_at)
		values (${hashToken(token)}, ${input.email ?? null}, ${input.role}, ${input.locationIds ?? []}::uuid[],
			${input.bootstrap ?? false}, ${input.createdBy ?? null},
			${new Date(Date.now() + (input.ttlHours ?? 72) * 3_600_000)})
		returning ${db.unsafe(COLUMNS)}`;
	return { invitation, token };
}

/** An open (unused, unexpired) invitation by its token; `lock` for the verify transaction. */
export async function findOpen(
	db: Db,
	token: string,
	lock = false
): Promise<Invitation | undefined> {
	if (!token || token.length > 200) return undefined;
	const [inv] = await db<Invitation[]>`
		select ${db.unsafe(COLUMNS)} from invitations
		where token_hash = ${hashToken(token)} and used_at is null and expires_at > now()
		${lock ? db`for update` : db``}`;
	return inv;
}

export async function list(db: Db): Promise<Invitation[]> {
	return db<
		Invitation[]
	>`select ${db.unsafe(COLUMNS)} from invitations order by created_at desc limit 200`;
}

export async function remove(db: Db, id: string): Promise<Invitation | undefined> {
	const [inv] = await db<
		Invitation[]
	>`delete from invitations where id = ${id} returning ${db.unsafe(COLUMNS)}`;
	return inv;
}

export async function markUsed(db: Db, id: string, userId: string): Promise<void> {
	await db`update invitations set used_at = now(), used_by = ${userId} where id = ${id}`;
}
