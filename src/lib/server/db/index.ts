import postgres from 'postgres';
import { config } from '../config';

export type Sql = postgres.Sql;
/** A handle usable both at top level and inside `sql.begin` (transaction). */
export type Db = postgres.Sql | postgres.TransactionSql;
/** Inside `sql.begin` only: writes that must commit together (outbox, audit log). */
export type Tx = postgres.TransactionSql;

export function connect(url: string, options: postgres.Options<Record<string, never>> = {}): Sql {
	const sql = postgres(url, {
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
	return withCommitHooks(sql);
}

type CommitHook = (pool: Sql) => void;
// Transactions started by a pool's begin() (the roots; savepoints are not in here), each with
// what to run once it has committed.
const commitHooks = new WeakMap<Tx, CommitHook[]>();

/**
 * Runs `hook` with the pool once `tx` has committed; never if it rolls back. False when `tx`
 * is not a transaction begun by a pool of connect() (a savepoint, say): the caller then does
 * its work inside the transaction instead.
 */
export function afterCommit(tx: Tx, hook: CommitHook): boolean {
	const hooks = commitHooks.get(tx);
	if (!hooks) return false;
	hooks.push(hook);
	return true;
}

// begin() that runs the transaction's commit hooks once COMMIT has returned. The outbox uses
// it to send NOTIFY after commit: a NOTIFY inside the transaction takes a lock that serialises
// the commits of every notifying transaction in the database, fsync included.
function withCommitHooks(sql: Sql): Sql {
	const begin = sql.begin.bind(sql) as (...args: unknown[]) => Promise<unknown>;
	const wrapped = (...args: unknown[]) => {
		const fn = args.pop() as (tx: Tx) => unknown;
		let root: Tx | undefined;
		return begin(...args, (tx: Tx) => {
			root = tx;
			const hooks: CommitHook[] = [];
			commitHooks.set(tx, hooks);
			withSavepointHooks(tx, hooks);
			return fn(tx);
		}).then((result) => {
			const hooks = root ? commitHooks.get(root) : undefined;
			if (root) commitHooks.delete(root);
			for (const hook of hooks ?? []) {
				try {
					hook(sql);
				} catch (e) {
					console.error('after-commit hook failed', e);
				}
			}
			return result;
		});
	};
	return Object.assign(sql, { begin: wrapped as unknown as Sql['begin'] });
}

/**
 * A savepoint's commit hooks are its root transaction's: they run once the root commits, and
 * are dropped if the savepoint rolls back. Without this, writers handed a savepoint (a replayed
 * kitchen tap) would have to do their after-commit work inside the transaction.
 */
function withSavepointHooks(tx: Tx, hooks: CommitHook[]) {
	const savepoint = tx.savepoint.bind(tx) as (...args: unknown[]) => Promise<unknown>;
	const wrapped = (...args: unknown[]) => {
		const fn = args.pop() as (sp: Tx) => unknown;
		return savepoint(...args, async (sp: Tx) => {
			const mark = hooks.length;
			commitHooks.set(sp, hooks);
			withSavepointHooks(sp, hooks);
			try {
				return await fn(sp);
			} catch (e) {
				hooks.length = mark;
				throw e;
			}
		});
	};
	Object.assign(tx, { savepoint: wrapped as unknown as Tx['savepoint'] });
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
