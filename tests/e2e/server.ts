// The product as `npm start` runs it, on a fresh database (a throwaway database on the server
// in DATABASE_URL, else in-memory embedded PGlite), with the demo data and passkey users the
// end-to-end tests sign in with.
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { launch } from '../../scripts/lib/launcher';
import { createTestDatabase } from '../support/db';
import { SoftAuthenticator } from '../support/webauthn';
import { startEmbedded } from '../../src/lib/server/db/embedded';
import { connect } from '../../src/lib/server/db/index';
import { migrate } from '../../src/lib/server/db/migrate';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { hashToken, newToken } from '../../src/lib/server/auth/tokens';
import { e2eUsersFile, type E2eUser } from './support/users';

// An 'exit' handler cannot wait for the drop: the launcher awaits it before exiting instead.
let dropDatabase: (() => Promise<void>) | undefined;
if (process.env.DATABASE_URL) {
	const db = await createTestDatabase(process.env.E2E_DB_PREFIX ?? 'pt_e2e');
	process.env.DATABASE_URL = db.url;
	dropDatabase = () => db.drop();
} else {
	const e = await startEmbedded('memory://');
	process.env.DATABASE_URL = e.url;
	process.env.PREPTABLE_EMBEDDED = '1';
}

const sql = connect(process.env.DATABASE_URL, { max: 2 });
await migrate(sql);
const { locationId } = await seedDemo(sql);
const origin = process.env.ORIGIN!;
const users: Record<string, E2eUser> = {};
for (const role of ['staff', 'manager'] as const) {
	const auth = new SoftAuthenticator(origin);
	const handle = randomBytes(32);
	const email = `${role}@e2e.test`;
	const [u] = await sql`
		insert into users (email, display_name, role, webauthn_user_id)
		values (${email}, ${`E2E ${role}`}, ${role}, ${handle}) returning id`;
	await sql`insert into user_locations (user_id, location_id) values (${u.id}, ${locationId})`;
	await sql`insert into webauthn_credentials (id, user_id, public_key, name)
		values (${auth.id}, ${u.id}, ${auth.cosePublicKey()}, 'E2E device')`;
	users[role] = { email, credential: auth.forCdp(handle) };
}
// The location's signage screen: a kiosk account and its token (what an admin's "New kiosk
// token" makes; there is no admin here, the identity test bootstraps the first one).
const kioskToken = newToken();
const [kiosk] = await sql`
	insert into users (email, display_name, role, webauthn_user_id)
	values (null, 'Kiosk · e2e', 'kiosk', ${randomBytes(32)}) returning id`;
await sql`insert into user_locations (user_id, location_id) values (${kiosk.id}, ${locationId})`;
await sql`insert into kiosk_tokens (location_id, user_id, token_hash)
	values (${locationId}, ${kiosk.id}, ${hashToken(kioskToken)})`;
// An open admin invitation (not the bootstrap one: that stays for the identity test), for tests
// that act as an admin without depending on which test bootstrapped the first one.
const adminToken = newToken();
await sql`insert into invitations (token_hash, role, location_ids, expires_at)
	values (${hashToken(adminToken)}, 'admin', '{}'::uuid[], now() + interval '1 day')`;
const adminInvite = `${origin.replace(/\/$/, '')}/invite/${adminToken}`;
fs.writeFileSync(e2eUsersFile(), JSON.stringify({ locationId, users, kioskToken, adminInvite }));
await sql.end();
// Playwright stops this server after the last test: the run's private directory goes with it.
await launch({
	onStop: async () => {
		fs.rmSync(process.env.E2E_DIR!, { recursive: true, force: true });
		await dropDatabase?.();
	}
});
