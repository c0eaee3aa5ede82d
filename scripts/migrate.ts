// npm run migrate: applies sql/ migrations to DATABASE_URL, or to embedded PGlite in the data dir.
import { connect } from '../src/lib/server/db/index';
import { startEmbedded } from '../src/lib/server/db/embedded';
import { migrate } from '../src/lib/server/db/migrate';
import { config } from '../src/lib/server/config';

const embedded = config.databaseUrl ? null : await startEmbedded(config.dataDir);
const sql = connect(config.databaseUrl ?? embedded!.url, { max: 1 });
try {
	const applied = await migrate(sql);
	console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
} finally {
	await sql.end();
	await embedded?.close();
}
