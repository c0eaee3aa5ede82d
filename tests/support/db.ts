// A fresh database for one test run: a throwaway database on the server in DATABASE_URL, or an
// in-memory embedded PGlite served over pglite-socket (same wire protocol, same code path).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import postgres from 'postgres';
import { startEmbedded } from '../../src/lib/server/db/embedded';
import { connect } from '../../src/lib/server/db/index';
import { migrate } from '../../src/lib/server/db/migrate';

export interface TestDatabase {
	url: string;
	kind: 'postgres' | 'pglite';
	drop(): Promise<void>;
}

export async function createTestDatabase(prefix = 'pt_test'): Promise<TestDatabase> {
	const base = process.env.DATABASE_URL;
	let db: TestDatabase;
	if (base) {
		const name = `${prefix}_${Date.now()}_${randomBytes(3).toString('hex')}`;
		const admin = postgres(base, { max: 1, onnotice: () => {} });
		await admin.unsafe(`create database ${name}`);
		await admin.end();
		const u = new URL(base);
		u.pathname = `/${name}`;
		db = {
			url: u.toString(),
			kind: 'postgres',
			async drop() {
				const a = postgres(base, { max: 1, onnotice: () => {} });
				await a.unsafe(`drop database if exists ${name} with (force)`);
				await a.end();
			}
		};
	} else {
		const e = await startEmbedded('memory://');
		db = { url: e.url, kind: 'pglite', drop: () => e.close() };
	}
	const sql = connect(db.url, { max: 1 });
	try {
		await migrate(sql, path.resolve('sql'));
	} finally {
		await sql.end();
	}
	return db;
}
