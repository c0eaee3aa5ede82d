// pglite-socket multiplexes many client connections onto one PGlite backend. Upstream it kept
// a connection's messages together only inside transactions, so concurrent extended-protocol
// queries clobbered each other's unnamed portal ("portal \"\" does not exist").
// patches/@electric-sql+pglite-socket+0.2.17.patch keeps Parse..Sync sequences together.
import { describe, expect, it } from 'vitest';
import { startEmbedded } from '../../src/lib/server/db/embedded';
import { connect } from '../../src/lib/server/db/index';

describe('embedded PGlite over pglite-socket', () => {
	it('serves many concurrent connections running parameterized queries', async () => {
		const e = await startEmbedded('memory://');
		const sql = connect(e.url, { max: 16 });
		try {
			const results = await Promise.all(
				Array.from({ length: 400 }, (_, i) =>
					i % 3 === 0
						? sql`select ${i}::int as v, repeat('x', ${i % 50}) as pad`.then((r) => r[0].v)
						: i % 3 === 1
							? sql.begin((tx) => tx`select ${i}::int + 0 as v`).then((r) => r[0].v)
							: sql`select v from (values (${i}::int)) t(v) where v = ${i}`.then((r) => r[0].v)
				)
			);
			expect(results).toEqual(Array.from({ length: 400 }, (_, i) => i));
		} finally {
			await sql.end();
			await e.close();
		}
		// Starting PGlite (WebAssembly) and 400 round trips on one backend: ~2 s on a quiet
		// machine, past 30 s on a 2-core machine at load 30. The budget is for the busy machine.
	}, 120_000);
});
