// npm run migrate: applies sql/ migrations to DATABASE_URL, or to embedded PGlite in the data dir
// (through the running PrepTable's database when it holds the directory).
import { connect } from '../src/lib/server/db/index';
import { openEmbedded } from '../src/lib/server/db/embedded';
import { migrate } from '../src/lib/server/db/migrate';
import { config } from '../src/lib/server/config';

let embedded: Awaited<ReturnType<typeof openEmbedded>> | null = null;
try {
	embedded = config.databaseUrl ? null : await openEmbedded(config.dataDir);
} catch (e) {
	console.error(`FATAL ${(e as Error).message}`);
	process.exit(1);
}
const sql = connect(config.databaseUrl ?? embedded!.url, { max: 1 });
try {
	const applied = await migrate(sql);
	console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
} finally {
	await sql.end();
	await embedded?.close();
}
