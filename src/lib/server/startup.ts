// Work done once at start-up, after migrations, before the servers accept traffic.
import fs from 'node:fs';
import path from 'node:path';
import type { Sql } from './db/index';
import * as invitations from './auth/invitations';
import { hasActiveAdmin } from './auth/users';

/**
 * First run: with no active admin, issue a one-time admin invitation and print its URL. Only
 * the token's hash is stored, so each start without an admin issues a fresh one and retires
 * the previous bootstrap invitation.
 */
export async function bootstrapAdmin(sql: Sql): Promise<string | null> {
	return sql.begin(async (tx) => {
		await tx`select pg_advisory_xact_lock(727002)`;
		if (await hasActiveAdmin(tx)) return null;
		await tx`delete from invitations where bootstrap and used_at is null`;
		const { token } = await invitations.create(tx, {
			role: 'admin',
			bootstrap: true,
			ttlHours: 24
		});
		return invitations.inviteUrl(token);
	});
}

export async function onStart(sql: Sql): Promise<void> {
	const url = await bootstrapAdmin(sql);
	if (url) {
		console.log(`Bootstrap admin invitation: ${url}`);
		const file = process.env.BOOTSTRAP_URL_FILE;
		if (file) {
			fs.mkdirSync(path.dirname(file), { recursive: true });
			fs.writeFileSync(file, url + '\n');
		}
	}
}
