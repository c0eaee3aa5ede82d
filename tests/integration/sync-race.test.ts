// The checkpoint race (FIELD-NOTES.md, RxDB): two writing transactions commit out of order while
// a client pulls. Rows take `rev` from the location's outbox counter row, locked in the writing
// transaction until commit, so a pull by (rev, id) never misses a row; a checkpoint on the
// transaction's time (what an `updated_at` column holds: count_lines.received_at) loses the
// row of the transaction that began first and committed last.
//
// Real Postgres only: embedded PGlite runs one transaction at a time, so nothing can commit out
// of order there.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import * as counts from '../../src/lib/server/counts/counts';
import type { Identity } from '../../src/lib/server/auth/identity';
import { createLocation, createUser } from '../support/auth';

const onPostgres = inject('dbKind') === 'postgres';
const sql = connect(inject('databaseUrl'), { max: 24 });
afterAll(() => sql.end());

let loc: { id: string };
let me: Identity;
let sessionId: string;
let itemId: string;

const rows = (n: number) =>
	Array.from({ length: n }, () => ({
		assumedMasterState: null,
		newDocumentState: {
			id: randomUUID(),
			session_id: sessionId,
			item_id: itemId,
			quantity: 1,
			counted_at: new Date().toISOString(),
			device_id: 'race'
		}
	}));

type Cp = { rev: number; id: string } | null;
/** Pulls every page after cp (what a phone does on a poke). */
async function pullFrom(cp: Cp) {
	const ids: string[] = [];
	for (;;) {
		const page = await counts.pullLines(sql, me, loc.id, cp, 100);
		if (page.documents.length === 0) return { ids, cp };
		ids.push(...page.documents.map((d) => d.id));
		cp = page.checkpoint as Cp;
	}
}

/** The naive alternative: a checkpoint on the row's time (updated_at). */
async function pullByTime(after: Date | null) {
	const r = await sql<{ id: string; received_at: Date }[]>`
		select id, received_at from count_lines
		where location_id = ${loc.id} and (${after}::timestamptz is null or received_at > ${after})
		order by received_at, id`;
	return { ids: r.map((x) => x.id), last: r.at(-1)?.received_at ?? after };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
	loc = await createLocation(sql);
	const u = await createUser(sql, 'staff', [loc.id]);
	me = { userId: u.id, role: 'staff', allLocations: false, locationIds: [loc.id] } as Identity;
	const [store] =
		await sql`insert into stores (location_id, name) values (${loc.id}, 'Race walk-in') returning id`;
	const [item] =
		await sql`insert into items (sku, name, unit) values (${'RACE-' + randomUUID()}, 'Race item', 'kg') returning id`;
	itemId = item.id;
	const [s] = await sql`
		insert into count_sessions (location_id, store_id, items, rev)
		values (${loc.id}, ${store.id}, ${sql.json([{ item_id: item.id, name: 'Race item', unit: 'kg', area: 'Other', shelf_order: 0 }])}, 0)
		returning id`;
	sessionId = s.id;
});

describe.skipIf(!onPostgres)('sync checkpoint race (real Postgres)', () => {
	it('B begins first and commits last: the rev pull gets it, an updated_at pull loses it', async () => {
		let releaseB!: () => void;
		const gateB = new Promise<void>((r) => (releaseB = r));
		const bRows = rows(3);
		const aRows = rows(2);
		// B: begins (its transaction time is now), then stalls before writing.
		let bBegan!: () => void;
		const began = new Promise<void>((r) => (bBegan = r));
		const B = sql.begin(async (tx) => {
			await tx`select now()`;
			bBegan();
			await gateB;
			return counts.writeLines(tx, me, loc.id, bRows);
		});
		await began;
		await sleep(30);
		// A: begins later, writes and commits first.
		await sql.begin((tx) => counts.writeLines(tx, me, loc.id, aRows));

		// The client pulls between the two commits: it sees A.
		const first = await pullFrom(null);
		const firstByTime = await pullByTime(null);
		expect(first.ids.sort()).toEqual(aRows.map((r) => r.newDocumentState.id).sort());
		expect(firstByTime.ids.length).toBe(2);

		releaseB();
		await B;
		// Next pull from each checkpoint.
		const second = await pullFrom(first.cp);
		const secondByTime = await pullByTime(firstByTime.last);
		const bIds: string[] = bRows.map((r) => r.newDocumentState.id).sort();
		expect(second.ids.sort()).toEqual(bIds);
		// B's rows carry B's transaction time, earlier than A's: the time checkpoint skips them
		// (it may see A's rows again: JS dates drop the microseconds, which is a second bug).
		expect(secondByTime.ids.filter((id) => bIds.includes(id))).toEqual([]);
	});

	it('the counter holds a writer until the one before commits: a pull in between sees neither', async () => {
		const before = await pullFrom(null);
		let releaseA!: () => void;
		const gateA = new Promise<void>((r) => (releaseA = r));
		const aRows = rows(2);
		const bRows = rows(2);
		const A = sql.begin(async (tx) => {
			await counts.writeLines(tx, me, loc.id, aRows);
			await gateA; // rev taken, not committed
		});
		await sleep(50);
		const B = sql.begin((tx) => counts.writeLines(tx, me, loc.id, bRows)); // waits on the counter
		await sleep(50);
		expect((await pullFrom(before.cp)).ids).toEqual([]);
		releaseA();
		await Promise.all([A, B]);
		const after = await pullFrom(before.cp);
		expect(after.ids.sort()).toEqual([...aRows, ...bRows].map((r) => r.newDocumentState.id).sort());
	});

	it('20 concurrent pushers with random stalls and a client pulling all along: no row missed', async () => {
		const all: string[] = [];
		let cp: Cp = (await pullFrom(null)).cp;
		const seen = new Set<string>();
		let timeCp = (await pullByTime(null)).last;
		const seenByTime = new Set<string>();
		let done = false;
		const puller = (async () => {
			while (!done) {
				const p = await pullFrom(cp);
				p.ids.forEach((id) => seen.add(id));
				cp = p.cp;
				const t = await pullByTime(timeCp);
				t.ids.forEach((id) => seenByTime.add(id));
				timeCp = t.last;
				await sleep(5);
			}
		})();
		await Promise.all(
			Array.from({ length: 20 }, async () => {
				for (let k = 0; k < 5; k++) {
					const batch = rows(2);
					all.push(...batch.map((r) => r.newDocumentState.id));
					await sql.begin(async (tx) => {
						await tx`select now()`;
						await sleep(Math.random() * 40);
						await counts.writeLines(tx, me, loc.id, batch);
					});
				}
			})
		);
		done = true;
		await puller;
		const last = await pullFrom(cp);
		last.ids.forEach((id) => seen.add(id));
		const t = await pullByTime(timeCp);
		t.ids.forEach((id) => seenByTime.add(id));
		const missedByRev = all.filter((id) => !seen.has(id));
		const missedByTime = all.filter((id) => !seenByTime.has(id));
		console.log(
			`race: ${all.length} rows; rev checkpoint missed ${missedByRev.length}, updated_at checkpoint missed ${missedByTime.length}`
		);
		expect(missedByRev).toEqual([]);
	}, 60_000);
});
