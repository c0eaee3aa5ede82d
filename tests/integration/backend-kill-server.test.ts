// The web server itself survives its Postgres backend being killed in the middle of a request's
// transaction: the request fails cleanly (5xx, nothing written), the next one succeeds.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { createLocation, createUser } from '../support/auth';

const dbKind = inject('dbKind');
const base = inject('baseUrl');
const sql = connect(inject('databaseUrl'), { max: 4 });
afterAll(() => sql.end());

describe.skipIf(dbKind !== 'postgres')('server with a backend killed mid-transaction', () => {
	it('answers 503, writes nothing, stays up and serves the next request', async () => {
		const loc = await createLocation(sql);
		const admin = await createUser(sql, 'admin');
		const [store] =
			await sql`insert into stores (location_id, name) values (${loc.id}, 'Bar') returning id`;
		const put = (name: string) =>
			fetch(`${base}/api/v1/stores/${store.id}`, {
				method: 'PUT',
				headers: { ...admin.headers, 'content-type': 'application/json' },
				body: JSON.stringify({ name })
			});

		for (let round = 0; round < 3; round++) {
			// Hold the row so the server's transaction blocks on it, then kill that backend.
			const holder = sql.begin(async (tx) => {
				await tx`select id from stores where id = ${store.id} for update`;
				const pending = put(`killed ${round}`);
				let pid: number | undefined;
				for (let i = 0; i < 100 && !pid; i++) {
					const [w] = await sql`select pid from pg_stat_activity
						where application_name = 'preptable' and wait_event_type = 'Lock' and datname = current_database()`;
					pid = w?.pid;
					if (!pid) await new Promise((r) => setTimeout(r, 50));
				}
				expect(pid, 'server transaction waiting on the row lock').toBeTruthy();
				await sql`select pg_terminate_backend(${pid!})`;
				return pending;
			});
			const res = await holder;
			expect(res.status).toBe(503);
			expect((await fetch(`${base}/healthz`)).status).toBe(200);
			const ok = await put(`round ${round}`);
			expect(ok.status).toBe(200);
			const [row] = await sql`select name from stores where id = ${store.id}`;
			expect(row.name).toBe(`round ${round}`);
			const audits =
				await sql`select after->>'name' as name from audit_log where entity_id = ${store.id}`;
			expect(audits.map((a) => a.name)).not.toContain(`killed ${round}`);
		}
	});
});
