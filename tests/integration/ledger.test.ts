// The ledger module on its own (no HTTP): what purchasing and counts will call.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import * as ledger from '../../src/lib/server/inventory/ledger';
import { createLocation, createUser, type TestUser } from '../support/auth';

const sql = connect(inject('databaseUrl'), { max: 12 });
afterAll(() => sql.end());

let loc: { id: string };
let storeId: string;
let actor: TestUser;

async function newItem(): Promise<string> {
	const [i] =
		await sql`insert into items (sku, name, unit) values (${'L-' + randomUUID()}, 'Ledger item', 'kg') returning id`;
	return i.id;
}
async function level(itemId: string): Promise<number> {
	const [l] =
		await sql`select quantity from stock_levels where store_id = ${storeId} and item_id = ${itemId}`;
	return l?.quantity ?? 0;
}
async function ledgerSum(itemId: string): Promise<number> {
	const [r] =
		await sql`select coalesce(sum(delta), 0) as s from stock_movements where store_id = ${storeId} and item_id = ${itemId}`;
	return r.s;
}
const me = () => ({ userId: actor.id, role: actor.role });

beforeAll(async () => {
	loc = await createLocation(sql);
	const [s] =
		await sql`insert into stores (location_id, name) values (${loc.id}, 'Ledger walk-in') returning id`;
	storeId = s.id;
	actor = await createUser(sql, 'staff', [loc.id]);
});

describe('ledger.move', () => {
	it('writes the movement, the level, an audit row and an inventory event in one transaction', async () => {
		const itemId = await newItem();
		const r = await sql.begin((tx) =>
			ledger.move(tx, me(), { storeId, itemId, delta: 12.5, reason: 'receive', note: 'PO 7' })
		);
		expect(r.replayed).toBe(false);
		expect(r.level.quantity).toBe(12.5);
		expect(r.movement).toMatchObject({ delta: 12.5, quantity_after: 12.5, reason: 'receive' });
		expect(r.movement.location_id).toBe(loc.id);
		expect(r.movement.actor_id).toBe(actor.id);
		const set = await sql.begin((tx) =>
			ledger.move(tx, me(), { storeId, itemId, setTo: 10.25, reason: 'count_correction' })
		);
		expect(set.movement.delta).toBe(-2.25);
		expect(await level(itemId)).toBe(10.25);
		expect(await ledgerSum(itemId)).toBe(10.25);
		const [a] =
			await sql`select count(*)::int as n from audit_log where entity = 'stock_movement' and entity_id in ${sql([r.movement.id, set.movement.id])}`;
		expect(a.n).toBe(2);
		const ev =
			await sql`select type, payload from events where channel = ${'inventory:' + loc.id} order by seq desc limit 1`;
		expect(ev[0].type).toBe('stock.level');
		expect(ev[0].payload).toMatchObject({ item_id: itemId, quantity: 10.25, delta: -2.25 });
	});

	it('decimal arithmetic is exact (0.1 + 0.2 is 0.3)', async () => {
		const itemId = await newItem();
		for (const d of [0.1, 0.2]) {
			await sql.begin((tx) =>
				ledger.move(tx, me(), { storeId, itemId, delta: d, reason: 'adjust' })
			);
		}
		expect(await level(itemId)).toBe(0.3);
	});

	it('refuses to go below zero (409) unless allowNegative; nothing is written', async () => {
		const itemId = await newItem();
		await sql.begin((tx) =>
			ledger.move(tx, me(), { storeId, itemId, delta: 2, reason: 'receive' })
		);
		await expect(
			sql.begin((tx) =>
				ledger.move(tx, me(), {
					storeId,
					itemId,
					delta: -3,
					reason: 'waste',
					wasteReason: 'spoiled'
				})
			)
		).rejects.toMatchObject({ status: 409 });
		expect(await level(itemId)).toBe(2);
		const r = await sql.begin((tx) =>
			ledger.move(tx, me(), {
				storeId,
				itemId,
				delta: -3,
				reason: 'waste',
				wasteReason: 'spoiled',
				allowNegative: true
			})
		);
		expect(r.level.quantity).toBe(-1);
	});

	it('rejects bad input with 400/404 before writing', async () => {
		const itemId = await newItem();
		const bad = [
			{ storeId, itemId, delta: 0, reason: 'adjust' },
			{ storeId, itemId, delta: NaN, reason: 'adjust' },
			{ storeId, itemId, delta: Infinity, reason: 'adjust' },
			{ storeId, itemId, setTo: -1, reason: 'adjust' },
			{ storeId, itemId, delta: 1, reason: 'stolen' },
			{ storeId, itemId, delta: -1, reason: 'waste' },
			{ storeId, itemId, delta: 1, reason: 'adjust', wasteReason: 'spoiled' }
		] as ledger.MoveInput[];
		for (const input of bad) {
			await expect(sql.begin((tx) => ledger.move(tx, me(), input))).rejects.toMatchObject({
				status: 400
			});
		}
		await expect(
			sql.begin((tx) =>
				ledger.move(tx, me(), { storeId: randomUUID(), itemId, delta: 1, reason: 'adjust' })
			)
		).rejects.toMatchObject({ status: 404 });
		const [n] = await sql`select count(*)::int as n from stock_movements where item_id = ${itemId}`;
		expect(n.n).toBe(0);
	});
});

describe('ledger concurrency', () => {
	it('50 concurrent adjusts of one item: the level is their sum', async () => {
		const itemId = await newItem();
		const deltas = Array.from({ length: 50 }, (_, i) => (i % 5 === 0 ? -0.5 : 1.25));
		await sql.begin((tx) =>
			ledger.move(tx, me(), { storeId, itemId, delta: 100, reason: 'receive' })
		);
		await Promise.all(
			deltas.map((delta) =>
				sql.begin((tx) => ledger.move(tx, me(), { storeId, itemId, delta, reason: 'adjust' }))
			)
		);
		const expected = 100 + deltas.reduce((a, b) => a + b, 0);
		expect(await level(itemId)).toBeCloseTo(expected, 4);
		expect(await ledgerSum(itemId)).toBe(await level(itemId));
		const [n] = await sql`select count(*)::int as n from stock_movements where item_id = ${itemId}`;
		expect(n.n).toBe(51);
	});

	it('set-quantity racing adjusts: the movements apply in lock order; level = last set + adjusts after it', async () => {
		const itemId = await newItem();
		await sql.begin((tx) =>
			ledger.move(tx, me(), { storeId, itemId, delta: 10, reason: 'receive' })
		);
		const jobs = [
			...Array.from({ length: 10 }, () => ({ delta: 1 })),
			{ setTo: 40 },
			...Array.from({ length: 10 }, () => ({ delta: 1 }))
		];
		await Promise.all(
			jobs.map((j) =>
				sql.begin((tx) =>
					ledger.move(tx, me(), { storeId, itemId, reason: 'adjust', ...j } as ledger.MoveInput)
				)
			)
		);
		// The documented result: the ledger is a serial history in lock order (seq). The set
		// records the delta it actually made against the level it found; the adjusts queued
		// behind it add to 40, the ones before it are overwritten by the count.
		const rows = await sql`
			select delta, quantity_after, delta <> 1 and reason = 'adjust' as is_set
			from stock_movements where item_id = ${itemId} order by seq`;
		const setAt = rows.findIndex((r) => r.is_set);
		expect(rows[setAt].quantity_after).toBe(40);
		expect(await level(itemId)).toBe(40 + (rows.length - 1 - setAt));
		expect(await ledgerSum(itemId)).toBe(await level(itemId));
		// Every movement's quantity_after is its predecessor's plus its delta.
		let running = 0;
		for (const r of rows) {
			running += r.delta;
			expect(r.quantity_after).toBeCloseTo(running, 4);
		}
	});

	it('the same client id sent twice concurrently writes once', async () => {
		const itemId = await newItem();
		await sql.begin((tx) =>
			ledger.move(tx, me(), { storeId, itemId, delta: 5, reason: 'receive' })
		);
		const clientId = randomUUID();
		const results = await Promise.all(
			Array.from({ length: 8 }, () =>
				sql.begin((tx) =>
					ledger.move(tx, me(), {
						storeId,
						itemId,
						delta: -1,
						reason: 'waste',
						wasteReason: 'expired',
						clientId
					})
				)
			)
		);
		expect(results.filter((r) => !r.replayed)).toHaveLength(1);
		expect(new Set(results.map((r) => r.movement.id)).size).toBe(1);
		expect(await level(itemId)).toBe(4);
		await expect(
			sql.begin((tx) =>
				ledger.move(tx, me(), {
					storeId,
					itemId: randomUUIDItem,
					delta: 1,
					reason: 'adjust',
					clientId
				})
			)
		).rejects.toMatchObject({ status: 409 });
	});
});

let randomUUIDItem = '';
beforeAll(async () => {
	randomUUIDItem = await newItem();
});
