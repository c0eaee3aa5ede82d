import postgres from 'postgres';
import { config } from '../config';

export type Sql = postgres.Sql;
/** A handle usable both at top level and inside `sql.begin` (transaction). */
export type Db = postgres.Sql | postgres.TransactionSql;
/** Inside `sql.begin` only: writes that must commit together (outbox, audit log). */
export type Tx = postgres.TransactionSql;

export function connect(url: string, options: postgres.Options<Record<string, never>> = {}): Sql {
	return postgres(url, {
		max: config.dbPoolMax,
		idle_timeout: 30,
		connect_timeout: 10,
		// int8 (seq, cents) and numeric (quantities) come back as JS numbers: they stay far
		// below 2^53 and 15 significant digits, and JSON has no other number type.
		types: {
			bigint: { to: 20, from: [20], serialize: (x: number) => String(x), parse: Number },
			numeric: { to: 1700, from: [1700], serialize: (x: number) => String(x), parse: Number }
		},
		transform: { undefined: null },
		connection: {
			application_name: 'preptable',
			statement_timeout: config.statementTimeoutMs
		},
		onnotice: () => {},
		...options
	});
}

let shared: Sql | undefined;

/** The process-wide pool, created on first use from DATABASE_URL. */
export function db(): Sql {
	if (!shared) {
		const url = config.databaseUrl;
		if (!url) throw new Error('DATABASE_URL is not set (npm start sets it for embedded PGlite)');
		shared = connect(url);
	}
	return shared;
}

export async function closeDb(): Promise<void> {
	const s = shared;
	shared = undefined;
	await s?.end({ timeout: 5 });
}

/**
 * Runs `fn` in a transaction: its own on a pool, the caller's inside `sql.begin`. Domain writes
 * take any handle and call this, so a route hands them the pool while a larger unit of work
 * (another domain function, a test) hands them its transaction and they commit with it.
 */
export function atomic<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
	// A transaction handle has `savepoint` and no working `begin`.
	if ('savepoint' in db) return fn(db as Tx);
	return db.begin(fn) as Promise<T>;
}
