// Work done once at start-up, after migrations, before the servers accept traffic.
import fs from 'node:fs';
import path from 'node:path';
import type { Sql } from './db/index';
import * as invitations from './auth/invitations';
import { hasActiveAdmin } from './auth/users';
import { config } from './config';

/** The open bootstrap invitation's token, kept in the data dir (mode 0600) between starts. */
export const BOOTSTRAP_FILE = 'bootstrap-invitation.token';

function defaultDir(): string | null {
	return config.dataDir.startsWith('memory://') ? null : config.dataDir;
}

function readToken(file: string): string | null {
	try {
		return fs.readFileSync(file, 'utf8').trim() || null;
	} catch {
		return null;
	}
}

/**
 * First run: with no active admin, print a one-time admin invitation URL, the same one on every
 * start until it is used or expires (24 h). The database keeps only the token's hash, like every
 * other token; to print the same URL again the plaintext is kept in `dir` (the data dir), in a
 * file only this OS user can read. That file grants what the data dir already grants: it sits
 * beside the embedded database's files and the generated diner-token secret, so whoever can read
 * it could take the database anyway; a database dump or a SQL user still learns nothing. It is
 * deleted once an admin exists. Without a dir (a throwaway database) each start issues a fresh
 * invitation and retires the previous one.
 */
export async function bootstrapAdmin(
	sql: Sql,
	dir: string | null = defaultDir()
): Promise<string | null> {
	const file = dir ? path.join(dir, BOOTSTRAP_FILE) : null;
	return sql.begin(async (tx) => {
		await tx`select pg_advisory_xact_lock(727002)`;
		if (await hasActiveAdmin(tx)) {
			if (file) fs.rmSync(file, { force: true });
			return null;
		}
		const saved = file ? readToken(file) : null;
		if (saved) {
			const open = await invitations.findOpen(tx, saved);
			if (open?.bootstrap && open.role === 'admin') return invitations.inviteUrl(saved);
		}
		await tx`delete from invitations where bootstrap and used_at is null`;
		const { token } = await invitations.create(tx, {
			role: 'admin',
			bootstrap: true,
			ttlHours: 24
		});
		if (file) {
			fs.mkdirSync(dir!, { recursive: true });
			// Written aside and renamed: a crash never leaves half a token; created 0600 from the start.
			const tmp = `${file}.${process.pid}.tmp`;
			fs.writeFileSync(tmp, token + '\n', { mode: 0o600 });
			fs.renameSync(tmp, file);
		}
		return invitations.inviteUrl(token);
	});
}

export async function onStart(sql: Sql): Promise<void> {
	const url = await bootstrapAdmin(sql);
	if (url) {
		console.log(`Bootstrap admin invitation: ${url}`);
		const file = config.bootstrapUrlFile;
		if (file) {
			fs.mkdirSync(path.dirname(file), { recursive: true });
			fs.writeFileSync(file, url + '\n');
		}
	}
}
