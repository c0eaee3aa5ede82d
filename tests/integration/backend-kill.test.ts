// postgres.js 3.4.9 crashed the process when a backend died mid-transaction (its own ROLLBACK
// was written to a nulled socket from setImmediate). patches/postgres+3.4.9.patch fixes it;
// this runs the exact failing sequence in a child process through our db module and checks
// the process survives and the pool recovers.
import { spawnSync } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';

const dbKind = inject('dbKind');
const databaseUrl = inject('databaseUrl');

const script = `
import { connect } from './src/lib/server/db/index.ts';
const sql = connect(process.env.URL, { max: 2 });
const killer = connect(process.env.URL, { max: 1 });
for (let i = 0; i < 3; i++) {
	let pid = null;
	// Handle the outcome at once: the socket can close before the killer's reply arrives, and
	// a rejection without a handler by then would crash this script, not postgres.js.
	const outcome = sql
		.begin(async (t) => {
			pid = (await t\`select pg_backend_pid() as pid\`)[0].pid;
			await t\`select pg_sleep(3)\`;
		})
		.then(() => 'committed', (e) => e.code);
	while (pid === null) await new Promise((r) => setTimeout(r, 20));
	await killer\`select pg_terminate_backend(\${pid})\`;
	const failed = await outcome;
	const after = await sql.begin((t) => t\`select 42 as x\`);
	console.log(JSON.stringify({ outcome: failed, after: after[0].x }));
}
await new Promise((r) => setTimeout(r, 200));
await sql.end(); await killer.end();
console.log('survived');
`;

describe.skipIf(dbKind !== 'postgres')('Postgres backend killed mid-transaction', () => {
	it('the transaction fails cleanly, the process survives, the pool reconnects', () => {
		const r = spawnSync(
			process.execPath,
			['--import', 'tsx', '--input-type=module', '-e', script],
			{
				env: { ...process.env, URL: databaseUrl },
				encoding: 'utf8',
				timeout: 60_000
			}
		);
		expect(r.stderr).not.toMatch(/TypeError/);
		expect(r.status, r.stderr).toBe(0);
		const lines = r.stdout.trim().split('\n');
		expect(lines.at(-1)).toBe('survived');
		for (const l of lines.slice(0, 3)) {
			expect(JSON.parse(l)).toEqual({ outcome: 'CONNECTION_CLOSED', after: 42 });
		}
	});
});
