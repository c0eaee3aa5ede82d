// Embedded PGlite served over the Postgres wire protocol (pglite-socket), so the app talks to it
// with the same postgres.js code it uses for a real server.
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface Embedded {
	url: string;
	close(): Promise<void>;
}

/**
 * One process owns a data directory. PGlite itself does not lock it, and two processes writing
 * the same files (say `npm run seed:demo` beside a running server) each see only their own
 * writes and can corrupt the directory. The owner writes its pid, then its socket's URL, here.
 */
export const LOCK_FILE = 'preptable.lock';

export interface LockHolder {
	pid: number;
	/** The owner's pglite-socket, once it is serving: other scripts connect through it. */
	url?: string;
}

export class DataDirInUse extends Error {
	constructor(
		public dir: string,
		public holder: LockHolder
	) {
		super(
			`The embedded database in ${dir} is in use by another process (pid ${holder.pid}), ` +
				'most likely PrepTable itself. Two processes on one data directory would corrupt it: ' +
				'stop that process first. (If no such process is PrepTable, delete ' +
				`${path.join(dir, LOCK_FILE)}.)`
		);
	}
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

function readLockFile(file: string): LockHolder | null {
	try {
		const v = JSON.parse(fs.readFileSync(file, 'utf8'));
		return Number.isInteger(v?.pid)
			? { pid: v.pid, url: typeof v.url === 'string' ? v.url : undefined }
			: null;
	} catch {
		return null;
	}
}

/** Who holds the directory, if a live process does. */
export function lockHolder(dir: string): LockHolder | null {
	const held = readLockFile(path.join(dir, LOCK_FILE));
	return held && alive(held.pid) ? held : null;
}

function acquire(dir: string): void {
	const file = path.join(dir, LOCK_FILE);
	for (let attempt = 0; attempt < 5; attempt++) {
		try {
			// 'wx': of two processes starting together, exactly one creates it.
			fs.writeFileSync(file, JSON.stringify({ pid: process.pid }), { flag: 'wx', mode: 0o600 });
			return;
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
		}
		const held = readLockFile(file);
		if (held && alive(held.pid)) throw new DataDirInUse(dir, held);
		if (!held && attempt === 0) {
			// Just created by someone who has not written their pid yet: look again.
			Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
			continue;
		}
		// Its owner died without closing (SIGKILL, power loss): the lock is stale.
		fs.rmSync(file, { force: true });
	}
	throw new Error(`Could not lock ${file}`);
}

function publish(dir: string, holder: LockHolder) {
	const file = path.join(dir, LOCK_FILE);
	const tmp = `${file}.${process.pid}.tmp`;
	fs.writeFileSync(tmp, JSON.stringify(holder), { mode: 0o600 });
	fs.renameSync(tmp, file);
}

function release(dir: string) {
	const file = path.join(dir, LOCK_FILE);
	if (readLockFile(file)?.pid === process.pid) fs.rmSync(file, { force: true });
}

/**
 * @param dataDir a directory, or 'memory://' for a throwaway database
 * @param port 0 picks a free port
 * @throws DataDirInUse when another live process holds the directory
 */
export async function startEmbedded(dataDir: string, port = 0): Promise<Embedded> {
	const onDisk = !dataDir.startsWith('memory://');
	if (onDisk) {
		fs.mkdirSync(dataDir, { recursive: true });
		acquire(dataDir);
	}
	try {
		const db = await PGlite.create(dataDir);
		const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 32 });
		await server.start();
		const url = `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`;
		if (onDisk) publish(dataDir, { pid: process.pid, url });
		return {
			url,
			async close() {
				await server.stop();
				await db.close();
				if (onDisk) release(dataDir);
			}
		};
	} catch (e) {
		if (onDisk) release(dataDir);
		throw e;
	}
}

/**
 * For scripts (migrate, seed:demo): the running PrepTable's database when it holds the
 * directory (through its socket: one database, and the server sees the writes at once), else
 * the directory opened here. `shared` tells which.
 */
export async function openEmbedded(
	dataDir: string
): Promise<Embedded & { shared: LockHolder | null }> {
	const held = dataDir.startsWith('memory://') ? null : lockHolder(dataDir);
	if (held?.url) return { url: held.url, shared: held, close: async () => {} };
	return { ...(await startEmbedded(dataDir)), shared: null };
}
