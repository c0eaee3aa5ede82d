import { afterAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { append, head, read } from '../../src/lib/server/events/outbox';

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
});
