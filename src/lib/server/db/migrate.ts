// Forward-only migrations: sql/NNNNN_verb_noun.sql, each applied once, in order, in its own
// transaction. Our own ~40 lines rather than postgres-shift, which wants one folder per
// migration; we keep flat files and take an advisory lock so several processes starting at
// once (web replicas, CI) cannot apply the same file twice.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Sql } from './index';

const FILE = /^(\d{5})_[a-z0-9_]+\.sql$/;
const LOCK_KEY = 727_001; // arbitrary, constant across releases

export interface Migration {
	version: number;
	name: string;
	file: string;
}

export async function list(dir: string): Promise<Migration[]> {
	const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
	const out: Migration[] = [];
	for (const name of files) {
		const m = FILE.exec(name);
		if (!m) throw new Error(`migration file name must look like 00001_verb_noun.sql: ${name}`);
		const version = Number(m[1]);
		if (out.length && out[out.length - 1].version === version) {
			throw new Error(`two migrations share version ${m[1]}`);
		}
		out.push({ version, name, file: path.join(dir, name) });
	}
	return out;
}

/** Applies pending migrations; returns the names applied. */
export async function migrate(sql: Sql, dir = path.resolve('sql')): Promise<string[]> {
	const migrations = await list(dir);
	return sql.begin(async (tx) => {
		await tx`select pg_advisory_xact_lock(${LOCK_KEY})`;
		await tx`create table if not exists schema_migrations (
			version integer primary key,
			name text not null,
			applied_at timestamptz not null default now()
		)`;
		const done = new Set(
			(await tx<{ version: number }[]>`select version from schema_migrations`).map((r) => r.version)
		);
		const applied: string[] = [];
		for (const m of migrations) {
			if (done.has(m.version)) continue;
			const text = await fs.readFile(m.file, 'utf8');
			// A savepoint per file so the error names the file that failed; the outer transaction
			// keeps the whole run atomic.
			await tx
				.savepoint(async (sp) => {
					await sp.unsafe(text);
					await sp`insert into schema_migrations (version, name) values (${m.version}, ${m.name})`;
				})
				.catch((e: Error) => {
					throw new Error(`migration ${m.name} failed: ${e.message}`, { cause: e });
				});
			applied.push(m.name);
		}
		return applied;
	});
}
