// Embedded PGlite served over the Postgres wire protocol (pglite-socket), so the app talks to it
// with the same postgres.js code it uses for a real server.
import fs from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface Embedded {
	url: string;
	close(): Promise<void>;
}

/**
 * @param dataDir a directory, or 'memory://' for a throwaway database
 * @param port 0 picks a free port
 */
export async function startEmbedded(dataDir: string, port = 0): Promise<Embedded> {
	if (!dataDir.startsWith('memory://')) await fs.mkdir(dataDir, { recursive: true });
	const db = await PGlite.create(dataDir);
	const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 32 });
	await server.start();
	const address = server.getServerConn();
	return {
		url: `postgres://postgres@${address}/postgres?sslmode=disable`,
		async close() {
			await server.stop();
			await db.close();
		}
	};
}
