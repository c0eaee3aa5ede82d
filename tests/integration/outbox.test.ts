import { afterAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { append, head, NOTIFY_CHANNEL, read } from '../../src/lib/server/events/outbox';

const sql = connect(inject('databaseUrl'), { max: 8 });
afterAll(() => sql.end());

describe('outbox', () => {
	it('assigns gapless per-channel seqs under concurrent transactions', async () => {
		const ch = `test:${Date.now()}`;
		const other = `${ch}:b`;
		await Promise.all(
			Array.from({ length: 40 }, (_, i) =>
				sql.begin(async (tx) => {
					await append(tx, [ch, other], 'tick', { i });
				})
			)
		);
		const rows = await read(sql, ch, 0);
		expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
		expect((await read(sql, other, 0)).length).toBe(40);
		expect(await head(sql, ch)).toEqual({ last: 40, oldest: 1 });
		expect((await read(sql, ch, 38)).map((r) => r.seq)).toEqual([39, 40]);
	});

	it('a rolled-back transaction leaves no event and no gap', async () => {
		const ch = `test:rb:${Date.now()}`;
		await sql.begin((tx) => append(tx, ch, 'a', {}));
		await sql
			.begin(async (tx) => {
				await append(tx, ch, 'b', {});
				throw new Error('abort');
			})
			.catch(() => {});
		await sql.begin((tx) => append(tx, ch, 'c', {}));
		const rows = await read(sql, ch, 0);
		expect(rows.map((r) => [r.seq, r.type])).toEqual([
			[1, 'a'],
			[2, 'c']
		]);
	});

	// The wake-up is sent after COMMIT, from the pool, not inside the writing transaction
	// (where NOTIFY would serialise every notifying commit in the database).
	it.skipIf(inject('dbKind') === 'pglite')(
		'wakes listeners once the transaction has committed, never for a rollback',
		async () => {
			const ch = `test:wake:${Date.now()}`;
			const heard: string[] = [];
			const listener = connect(inject('databaseUrl'), { max: 1 });
			try {
				await listener.listen(NOTIFY_CHANNEL, (p) => {
					if (p.startsWith(ch)) heard.push(p);
				});
				let release!: () => void;
				const gate = new Promise<void>((r) => (release = r));
				const writing = sql.begin(async (tx) => {
					await append(tx, ch, 'a', {});
					await gate;
				});
				await new Promise((r) => setTimeout(r, 300));
				expect(heard, 'woken before commit').toEqual([]);
				release();
				await writing;
				await expect.poll(() => heard, { timeout: 5000 }).toEqual([`${ch} 1`]);

				await sql
					.begin(async (tx) => {
						await append(tx, ch, 'b', {});
						throw new Error('abort');
					})
					.catch(() => {});
				await new Promise((r) => setTimeout(r, 300));
				expect(heard, 'woken by a rollback').toEqual([`${ch} 1`]);
				// A burst: every seq is readable, and the last wake-up names the newest.
				await Promise.all(
					Array.from({ length: 20 }, () => sql.begin((tx) => append(tx, ch, 'c', {})))
				);
				await expect.poll(() => heard.at(-1), { timeout: 5000 }).toBe(`${ch} 21`);
				expect((await read(sql, ch, 0)).map((r) => r.seq)).toEqual(
					Array.from({ length: 21 }, (_, i) => i + 1)
				);
			} finally {
				await listener.end();
			}
		}
	);
});
