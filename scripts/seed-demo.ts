// npm run seed:demo: idempotent demo data (location downtown-lima, tables 1-12, catalog, menu).
import path from 'node:path';
import { config } from '../src/lib/server/config';
import { connect } from '../src/lib/server/db/index';
import { startEmbedded } from '../src/lib/server/db/embedded';
import { migrate } from '../src/lib/server/db/migrate';
import { seedDemo } from '../src/lib/server/demo/seed';

const embedded = config.databaseUrl ? null : await startEmbedded(config.dataDir);
const sql = connect(config.databaseUrl ?? embedded!.url, { max: 1 });
try {
	await migrate(sql, path.resolve('sql'));
	const r = await seedDemo(sql);
	console.log(`demo data ready: location downtown-lima (${r.locationId}) with ${r.tables} tables`);
} finally {
	await sql.end();
	await embedded?.close();
}
