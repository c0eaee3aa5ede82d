// npm run seed:demo: idempotent demo data (location downtown-lima, tables 1-12, catalog, menu).
// Works while PrepTable runs on embedded PGlite: it goes through the running server's database.
import path from 'node:path';
import { config } from '../src/lib/server/config';
import { connect } from '../src/lib/server/db/index';
import { openEmbedded } from '../src/lib/server/db/embedded';
import { migrate } from '../src/lib/server/db/migrate';
import { seedDemo } from '../src/lib/server/demo/seed';

let embedded: Awaited<ReturnType<typeof openEmbedded>> | null = null;
try {
	embedded = config.databaseUrl ? null : await openEmbedded(config.dataDir);
} catch (e) {
	console.error(`FATAL ${(e as Error).message}`);
	process.exit(1);
}
if (embedded?.shared) {
	console.log(`seeding through the running PrepTable (pid ${embedded.shared.pid})`);
}
const sql = connect(config.databaseUrl ?? embedded!.url, { max: 1 });
try {
	await migrate(sql, path.resolve('sql'));
	const r = await seedDemo(sql);
	console.log(`demo data ready: location downtown-lima (${r.locationId}) with ${r.tables} tables`);
} finally {
	await sql.end();
	await embedded?.close();
}
