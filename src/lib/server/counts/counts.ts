// Inventory counts (issue 12; DESIGN.md "Counts"): a manager starts a count of a store (the
// item walk is frozen in the session: areas in order, shelves in order), phones push count
// lines through the sync endpoints (client UUIDs, append-only, durable offline), the review
// shows each item's variance against the expected level at counted_at with both values where
// two people disagree, and approval writes count_correction movements through the ledger so
// that level = counted + movements after counted_at.
//
// Every row written here takes `rev` from the inventory:{locationId} outbox counter in its own
// transaction (emit() locks the counter row until commit), so pulls by (rev, id) are
// commit-ordered per location and never miss a row (tests/integration/sync-race.test.ts).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Db, Sql, Tx } from '../db/index';
import { inScope, type Identity } from '../auth/identity';
import { readScope } from '../auth/guard';
import { record } from '../audit/log';
import { emit } from '../events/outbox';
import { badRequest, conflict, forbidden, notFound } from '../http/errors';
import { uuid } from '../http/request';
import * as ledger from '../inventory/ledger';
import { page, pullMode } from '../sync/pages';
import { channels } from '../../shared/channels';
import type { CountSessionEvent } from '../../shared/events';
import {
	ADDED_AREA,
	chooseLine,
	correction,
	mergeLines,
	round4,
	type ItemMerge
} from '../../shared/counts';
import type {
	CountItem,
	CountLineDoc,
	CountSessionDoc,
	SyncCheckpoint
} from '../../shared/wire/sync';

/** How far back a count started on a phone without signal may say it started. */
const OFFLINE_START_MAX_MS = 7 * 86_400_000;

export const startInput = z.strictObject({
	/** Client-chosen id: a retried start answers the same count. */
	id: uuid.optional(),
	/**
	 * When the count began on the phone, for a count started without signal and sent on
	 * reconnect: its lines were counted from then on (default now). At most 7 days back, not in
	 * the future beyond the clock skew allowed for lines.
	 */
	started_at: z.iso
		.datetime({ offset: true, message: 'must be an RFC 3339 time' })
		.transform((t) => new Date(t))
		.refine((t) => t.getTime() <= Date.now() + FUTURE_SKEW_MS, {
			message: "is in the future (check the phone's clock)"
		})
		.refine((t) => t.getTime() >= Date.now() - OFFLINE_START_MAX_MS, {
			message: 'is more than 7 days ago'
		})
		.optional(),
	/**
	 * A count started offline joins the store's count opened meanwhile (answered instead of a
	 * 409): the phone moves its lines to that count, so nobody's counting is thrown away.
	 */
	join_open: z.boolean().default(false)
});

export const approveInput = z.strictObject({
	/** item_id → the line the reviewer chose, for items where two counters disagree. */
	choices: z.record(uuid, uuid).default({})
});

/** How far in the future a phone's clock may put counted_at (clock skew). */
const FUTURE_SKEW_MS = 10 * 60_000;

const SESSION_COLS = `s.id, s.location_id, s.store_id, st.name as store_name, s.status, s.items,
	u.display_name as started_by_name, s.started_at, s.status <> 'open' as "_deleted"`;

function sessionRow(tx: Db, where: string, params: unknown[]) {
	return tx.unsafe<CountSessionDoc<Date>[]>(
		`select ${SESSION_COLS}, s.rev from count_sessions s
			join stores st on st.id = s.store_id
			left join users u on u.id = s.started_by
		where ${where}`,
		params as never[]
	);
}

/**
 * The next rev of the location for a count session change: locks the inventory:{locationId}
 * outbox counter until commit (commit-ordered) and pokes the location's phones.
 */
async function clock(tx: Tx, locationId: string, payload: CountSessionEvent): Promise<number> {
	const [rev] = await emit(tx, channels.inventory(locationId), 'count.session', payload);
	return rev;
}

/** Starts a count of a store (managers of its location): the item walk is frozen now. */
export async function start(
	sql: Sql,
	me: Identity,
	storeId: string,
	input: z.output<typeof startInput>
): Promise<{ count: CountSessionDoc<Date>; created: boolean }> {
	return sql.begin(async (tx) => {
		const [store] = await tx<{ location_id: string }[]>`
			select location_id from stores where id = ${storeId} for update`;
		if (!store) throw notFound('Store not found');
		if (!inScope(me, store.location_id)) throw forbidden();
		if (input.id) {
			const [same] = await sessionRow(tx, 's.id = $1', [input.id]);
			if (same) {
				if (same.store_id !== storeId) throw conflict(`count ${input.id} is of another store`);
				return { count: same, created: false };
			}
		}
		// The store row lock above serializes starts: one open count per store.
		const [open] = await tx<{ id: string; started_at: Date }[]>`
			select id, started_at from count_sessions where store_id = ${storeId} and status = 'open'`;
		if (open && !input.join_open) {
			throw conflict(`A count of this store is already open (${open.id})`);
		}
		if (open)
			return { count: await join(tx, me, open, store.location_id, storeId, input), created: false };
		// The walk: the items placed in the store (areas in order, shelves in order), then the
		// items stocked there without a place ("Other"); a store with neither counts the catalog.
		const items = await tx<CountItem[]>`
			with mine as (
				select item_id from store_item_places where store_id = ${storeId}
				union select item_id from stock_levels where store_id = ${storeId}
			)
			select i.id as item_id, i.name, i.unit, coalesce(p.area, 'Other') as area,
				coalesce(p.shelf_order, 0) as shelf_order
			from items i
			left join store_item_places p on p.store_id = ${storeId} and p.item_id = i.id
			where i.id in (select item_id from mine) or not exists (select 1 from mine)
			order by p.area_order nulls last, coalesce(p.area, 'Other'), p.shelf_order nulls last,
				i.name, i.id`;
		const id = input.id ?? crypto.randomUUID();
		// The audit row first: the location's counter row (the rev) stays locked until commit.
		await record(tx, me, {
			action: 'count.start',
			entity: 'count_session',
			entityId: id,
			locationId: store.location_id,
			after: { store_id: storeId, items: items.length, started_at: input.started_at ?? null }
		});
		const rev = await clock(tx, store.location_id, { id, store_id: storeId, status: 'open' });
		await tx`
			insert into count_sessions (id, location_id, store_id, items, started_by, rev, started_at)
			values (${id}, ${store.location_id}, ${storeId}, ${tx.json(items as never)}, ${me.userId},
				${rev}, coalesce(${input.started_at ?? null}::timestamptz, now()))`;
		const [count] = await sessionRow(tx, 's.id = $1', [id]);
		return { count, created: true };
	});
}

/**
 * An offline start joining the open count: that count now starts when the earlier of the two
 * did (the joining phone's lines were counted from its own start), a change its phones pull.
 */
async function join(
	tx: Tx,
	me: Identity,
	open: { id: string; started_at: Date },
	locationId: string,
	storeId: string,
	input: z.output<typeof startInput>
): Promise<CountSessionDoc<Date>> {
	await record(tx, me, {
		action: 'count.join',
		entity: 'count_session',
		entityId: open.id,
		locationId,
		after: { joined_from: input.id ?? null, started_at: input.started_at ?? null }
	});
	if (input.started_at && input.started_at < open.started_at) {
		const rev = await clock(tx, locationId, { id: open.id, store_id: storeId, status: 'open' });
		await tx`update count_sessions set started_at = ${input.started_at}, rev = ${rev}
			where id = ${open.id}`;
	}
	const [count] = await sessionRow(tx, 's.id = $1', [open.id]);
	return count;
}

/** A count the caller may act on, locked; 404 unknown, 403 outside their scope. */
async function lockSession(tx: Tx, me: Identity, id: string) {
	const [s] = await tx<
		{
			id: string;
			location_id: string;
			store_id: string;
			status: string;
			items: CountItem[];
			/** When the count was started, on the location's clock ("Dec 4, 14:05"). */
			started_label: string;
		}[]
	>`
		select s.id, s.location_id, s.store_id, s.status, s.items,
			to_char(s.started_at at time zone l.timezone, 'Mon FMDD, HH24:MI') as started_label
		from count_sessions s join locations l on l.id = s.location_id
		where s.id = ${id} for update of s`;
	if (!s) throw notFound('Count not found');
	if (!inScope(me, s.location_id)) throw forbidden();
	return s;
}

async function close(
	tx: Tx,
	me: Identity,
	s: { id: string; location_id: string; store_id: string },
	status: 'approved' | 'cancelled'
) {
	const rev = await clock(tx, s.location_id, { id: s.id, store_id: s.store_id, status });
	await tx`
		update count_sessions set status = ${status}, closed_by = ${me.userId}, closed_at = now(),
			rev = ${rev}
		where id = ${s.id}`;
	// The count's lines leave the phones with it (tombstones on their next pull).
	await tx`update count_lines set rev = ${rev} where session_id = ${s.id}`;
}

/** Cancels an open count (managers of its location): nothing is written to the ledger. */
export async function cancel(sql: Sql, me: Identity, id: string) {
	return sql.begin(async (tx) => {
		const s = await lockSession(tx, me, id);
		if (s.status !== 'open') throw conflict(`The count is already ${s.status}`);
		await record(tx, me, {
			action: 'count.cancel',
			entity: 'count_session',
			entityId: id,
			locationId: s.location_id
		});
		await close(tx, me, s, 'cancelled');
		const [count] = await sessionRow(tx, 's.id = $1', [id]);
		return count;
	});
}

export interface ReviewLine {
	id: string;
	item_id: string;
	quantity: number;
	counted_at: Date;
	counter_id: string | null;
	counter_name: string | null;
	device_id: string;
	/** The level the ledger expected at this line's counted_at. */
	expected: number;
	variance: number;
}

export interface ReviewItem extends CountItem {
	state: ItemMerge['state'];
	/** Level now. */
	current: number;
	/** The agreed line (or null: not counted, or a conflict to decide). */
	line: ReviewLine | null;
	/** Each counter's latest line (two or more: both values are shown). */
	candidates: ReviewLine[];
}

/** Lines of a count with the expected level at each counted_at (one query). */
async function reviewLines(db: Db, storeId: string, sessionId: string): Promise<ReviewLine[]> {
	const rows = await db<(Omit<ReviewLine, 'variance'> & { current: number })[]>`
		select l.id, l.item_id, l.quantity, l.counted_at, l.counter_id, u.display_name as counter_name,
			l.device_id,
			coalesce(sl.quantity, 0) - coalesce((
				select sum(m.delta) from stock_movements m
				where m.store_id = ${storeId} and m.item_id = l.item_id and m.created_at > l.counted_at
			), 0) as expected
		from count_lines l
		left join users u on u.id = l.counter_id
		left join stock_levels sl on sl.store_id = ${storeId} and sl.item_id = l.item_id
		where l.session_id = ${sessionId} and l.status = 'accepted'`;
	return rows.map((r) => ({
		...r,
		expected: round4(r.expected),
		variance: round4(r.quantity - r.expected)
	}));
}

/** The review of a count: per item in walk order, its merge, variance and both values. */
export async function review(db: Db, me: Identity, id: string) {
	const scope = readScope(me);
	const [s] = await sessionRow(
		db,
		's.id = $1 and ($2::boolean or s.location_id = any($3::uuid[]))',
		[id, scope === null, scope ?? []]
	);
	if (!s) return undefined;
	const lines = await reviewLines(db, s.store_id, s.id);
	const merged = mergeLines(lines);
	const levels = await db<{ item_id: string; quantity: number }[]>`
		select item_id, quantity from stock_levels where store_id = ${s.store_id}`;
	const level = new Map(levels.map((l) => [l.item_id, l.quantity]));
	const [{ rejected }] = await db<{ rejected: number }[]>`
		select count(*)::int as rejected from count_lines where session_id = ${s.id} and status = 'rejected'`;
	const items: ReviewItem[] = s.items.map((it) => {
		const m = merged.get(it.item_id) ?? { state: 'not_counted' as const, candidates: [] };
		return {
			...it,
			state: m.state,
			current: level.get(it.item_id) ?? 0,
			line: m.state === 'agreed' ? m.line : null,
			candidates: m.candidates
		};
	});
	const { rev: _rev, ...count } = s as CountSessionDoc<Date> & { rev: number };
	void _rev;
	return {
		count,
		items,
		summary: {
			items: items.length,
			counted: items.filter((i) => i.state !== 'not_counted').length,
			conflicts: items.filter((i) => i.state === 'conflict').length,
			lines: lines.length,
			rejected_lines: rejected
		}
	};
}

/** Deterministic UUID (v5 layout) of a count's correction for one item: approval writes once. */
export function correctionClientId(countId: string, itemId: string): string {
	const h = createHash('sha1').update(`count-correction:${countId}:${itemId}`).digest();
	h[6] = (h[6] & 0x0f) | 0x50;
	h[8] = (h[8] & 0x3f) | 0x80;
	const x = h.subarray(0, 16).toString('hex');
	return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

export interface Correction {
	item_id: string;
	line_id: string;
	counted: number;
	counted_at: Date;
	expected: number;
	delta: number;
	level: number;
	movement_id: string | null;
}

/**
 * Approves an open count (managers of its location). For each counted item, with the level row
 * locked: expected = level − Σ movements after counted_at; a count_correction movement of
 * counted − expected makes the level counted + movements after counted_at. Items where two
 * counters disagree need a choice (409 naming them). Uncounted items are left alone.
 */
export async function approve(
	sql: Sql,
	me: Identity,
	id: string,
	input: z.output<typeof approveInput>
): Promise<{ count: CountSessionDoc<Date>; corrections: Correction[] }> {
	return sql.begin(async (tx) => {
		const s = await lockSession(tx, me, id);
		if (s.status !== 'open') throw conflict(`The count is already ${s.status}`);
		const lines = await tx<
			{
				id: string;
				item_id: string;
				quantity: number;
				counted_at: Date;
				counter_id: string | null;
				device_id: string;
			}[]
		>`select id, item_id, quantity, counted_at, counter_id, device_id from count_lines
			where session_id = ${id} and status = 'accepted'`;
		const merged = mergeLines(lines);
		const names = new Map(s.items.map((i) => [i.item_id, i.name]));
		for (const itemId of Object.keys(input.choices)) {
			if (!merged.has(itemId)) throw badRequest(`choices: item ${itemId} was not counted`);
		}
		const undecided = [...merged].filter(
			([itemId, m]) => m.state === 'conflict' && !input.choices[itemId]
		);
		if (undecided.length) {
			throw conflict(
				`Two counters disagree on ${undecided.map(([i]) => names.get(i) ?? i).join(', ')}: choose one count for each`
			);
		}
		const corrections: Correction[] = [];
		await ledger.holdItems(tx, [...merged.keys()]);
		// Item order: two approvals (of two stores) never lock levels in opposite orders.
		for (const [itemId, m] of [...merged].sort(([a], [b]) => (a < b ? -1 : 1))) {
			let chosen;
			try {
				chosen = chooseLine(m, input.choices[itemId]);
			} catch (e) {
				throw badRequest(`choices: ${names.get(itemId) ?? itemId}: ${(e as Error).message}`);
			}
			if (!chosen) continue;
			const current = await ledger.lockLevel(tx, s.store_id, itemId);
			const [{ after }] = await tx<{ after: number }[]>`
				select coalesce(sum(delta), 0) as after from stock_movements
				where store_id = ${s.store_id} and item_id = ${itemId} and created_at > ${chosen.counted_at}`;
			const c = correction(chosen.quantity, current, after);
			let movementId: string | null = null;
			let level = current;
			if (c.delta !== 0) {
				const r = await ledger.move(tx, me, {
					storeId: s.store_id,
					itemId,
					delta: c.delta,
					reason: 'count_correction',
					// What the item's history shows a manager (the count's id is in the audit log,
					// and in the correction's client id).
					note: `Count started ${s.started_label}`,
					clientId: correctionClientId(id, itemId),
					// What the count found is the truth, even if later movements take it below zero.
					allowNegative: true
				});
				movementId = r.movement.id;
				level = r.level.quantity;
			}
			corrections.push({
				item_id: itemId,
				line_id: chosen.id,
				counted: chosen.quantity,
				counted_at: chosen.counted_at,
				expected: c.expected,
				delta: c.delta,
				level,
				movement_id: movementId
			});
		}
		await close(tx, me, s, 'approved');
		await record(tx, me, {
			action: 'count.approve',
			entity: 'count_session',
			entityId: id,
			locationId: s.location_id,
			after: {
				corrections: corrections.filter((c) => c.delta !== 0).length,
				counted: corrections.length
			}
		});
		const [count] = await sessionRow(tx, 's.id = $1', [id]);
		return { count, corrections };
	});
}

// ---- sync: pull (count sessions, count lines) and push (count lines) ----------------------

export async function pullSessions(
	db: Db,
	me: Identity,
	locationId: string,
	cp: SyncCheckpoint | null,
	limit: number
) {
	const mode = pullMode(me, locationId, cp);
	if (!mode) return { documents: [], checkpoint: cp };
	const rows = (await db.unsafe(
		`select ${SESSION_COLS}, s.rev from count_sessions s
			join stores st on st.id = s.store_id
			left join users u on u.id = s.started_by
		where s.location_id = $1 and (s.rev, s.id) > ($2::bigint, $3::uuid)
		order by s.rev, s.id limit $4`,
		[locationId, mode.from.rev, mode.from.id, limit]
	)) as unknown as (CountSessionDoc<Date> & { rev: number })[];
	return page(rows, mode, cp);
}

const LINE_DOC = `l.doc->>'id' as id, coalesce(l.doc->>'session_id', '') as session_id,
	coalesce(l.doc->>'item_id', '') as item_id,
	case when jsonb_typeof(l.doc->'quantity') = 'number' then (l.doc->>'quantity')::float8 else 0 end as quantity,
	coalesce(l.doc->>'counted_at', '') as counted_at, coalesce(l.doc->>'device_id', '') as device_id,
	l.counter_id, u.display_name as counter_name, l.status, l.reject_reason,
	coalesce(s.status <> 'open', false) as "_deleted"`;

export async function pullLines(
	db: Db,
	me: Identity,
	locationId: string,
	cp: SyncCheckpoint | null,
	limit: number
) {
	const mode = pullMode(me, locationId, cp);
	if (!mode) return { documents: [], checkpoint: cp };
	const rows = (await db.unsafe(
		`select ${LINE_DOC}, l.rev from count_lines l
			left join count_sessions s on s.id = l.session_id
			left join users u on u.id = l.counter_id
		where l.location_id = $1 and (l.rev, l.id) > ($2::bigint, $3::uuid)
		order by l.rev, l.id limit $4`,
		[locationId, mode.from.rev, mode.from.id, limit]
	)) as unknown as (CountLineDoc & { rev: number })[];
	return page(rows, mode, cp);
}

/**
 * Well-formed: an object with a UUID id. Everything else about a line is checked by the server
 * and a line that fails is stored as rejected with the reason (never a 4xx: the phone's queue
 * would retry it forever and every later line would wait behind it).
 */
export const pushRows = z
	.array(
		z.object({
			assumedMasterState: z.unknown().optional(),
			newDocumentState: z.looseObject({ id: uuid })
		}),
		{ message: 'expected an array of {assumedMasterState, newDocumentState}' }
	)
	.max(1000);

/** The fields a phone writes, as compared for "same id, same payload". */
function clientFields(d: Record<string, unknown>) {
	return JSON.stringify([
		d.id,
		d.session_id ?? null,
		d.item_id ?? null,
		d.quantity ?? null,
		typeof d.counted_at === 'string' ? Date.parse(d.counted_at) : (d.counted_at ?? null),
		d.device_id ?? null
	]);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Judged {
	id: string;
	doc: Record<string, unknown>;
	session_id: string | null;
	item_id: string | null;
	quantity: number | null;
	counted_at: string | null;
	device_id: string;
	reason: string | null;
	/** An item the count's walk did not list, found on a shelf: appended to the count. */
	added?: CountItem;
}

/**
 * Pushes count lines for a location (the caller's scope, 403 otherwise). Returns the
 * conflicts: the server's version of each line that already existed with another payload
 * (the same id with the same payload is a replay, not a conflict).
 */
export async function pushLines(
	sql: Sql,
	me: Identity,
	locationId: string,
	rows: z.output<typeof pushRows>
): Promise<CountLineDoc[]> {
	if (!inScope(me, locationId)) throw forbidden();
	if (rows.length === 0) return [];
	return sql.begin((tx) => writeLines(tx, me, locationId, rows));
}

/**
 * The write of a push inside the caller's transaction (the race test drives two of these).
 * The rows take their rev from the location's outbox counter, locked here until commit.
 */
export async function writeLines(
	tx: Tx,
	me: Identity,
	locationId: string,
	rows: z.output<typeof pushRows>
): Promise<CountLineDoc[]> {
	if (!inScope(me, locationId)) throw forbidden();
	// One document per id (a batch may repeat one): the first wins, later copies compare to it.
	const docs = new Map<string, Record<string, unknown>>();
	for (const r of rows) {
		const d = r.newDocumentState as Record<string, unknown>;
		const id = String(d.id).toLowerCase();
		if (!docs.has(id)) docs.set(id, { ...d, id });
	}
	const ids = [...docs.keys()];
	const conflicts = new Set<string>();
	const existing = async (want: string[]) =>
		want.length
			? tx<{ id: string; doc: Record<string, unknown> }[]>`
					select id, doc from count_lines where id = any(${want}::uuid[])`
			: [];
	const seen = new Map((await existing(ids)).map((e) => [e.id, e.doc]));
	for (const [id, doc] of docs) {
		const old = seen.get(id);
		if (old && clientFields(old) !== clientFields(doc)) conflicts.add(id);
	}
	const fresh = ids.filter((id) => !seen.has(id));
	if (fresh.length) {
		const judged = await judge(
			tx,
			locationId,
			fresh.map((id) => docs.get(id)!)
		);
		const accepted = judged.filter((j) => !j.reason).length;
		const sessionIds = [...new Set(judged.map((j) => j.session_id).filter((s) => s !== null))];
		// Items found on a shelf outside the walk, per count (once each, as first pushed).
		const added = new Map<string, Map<string, CountItem>>();
		for (const j of judged) {
			if (!j.added || !j.session_id) continue;
			const list = added.get(j.session_id) ?? new Map<string, CountItem>();
			if (!list.has(j.added.item_id)) list.set(j.added.item_id, j.added);
			added.set(j.session_id, list);
		}
		// The audit row before the counter: the counter row stays locked until commit.
		await record(tx, me, {
			action: 'count.lines',
			entity: 'count_line',
			locationId,
			after: {
				lines: judged.length,
				rejected: judged.length - accepted,
				session_ids: sessionIds,
				...(added.size && {
					added_items: Object.fromEntries([...added].map(([id, l]) => [id, [...l.keys()]]))
				})
			}
		});
		const [rev] = await emit(tx, channels.inventory(locationId), 'count.lines', {
			session_ids: sessionIds,
			accepted,
			rejected: judged.length - accepted
		});
		const inserted = await tx<{ id: string }[]>`
				insert into count_lines ${tx(
					judged.map((j) => ({
						id: j.id,
						location_id: locationId,
						session_id: j.session_id,
						item_id: j.item_id,
						quantity: j.quantity,
						counted_at: j.counted_at,
						counter_id: me.userId,
						device_id: j.device_id,
						status: j.reason ? 'rejected' : 'accepted',
						reject_reason: j.reason,
						doc: tx.json(j.doc as never) as never,
						rev
					}))
				)}
				on conflict (id) do nothing
				returning id`;
		// The walk gains them, after the items it lists, so every phone and the review show them
		// (pulled by this rev). The counter lock above orders the pushes of the location: an item
		// another push added meanwhile is already there and is not added twice. A count closed
		// meanwhile keeps its walk.
		for (const [sessionId, list] of added) {
			await tx`
				update count_sessions s
				set rev = ${rev}, items = s.items || coalesce((
					select jsonb_agg(a.e order by a.n)
					from jsonb_array_elements(${tx.json([...list.values()] as never)}::jsonb)
						with ordinality a(e, n)
					where not s.items @> jsonb_build_array(jsonb_build_object('item_id', a.e->>'item_id'))
				), '[]'::jsonb)
				where s.id = ${sessionId} and s.status = 'open'`;
		}
		// A concurrent push (a retry racing its original) wrote some first: compare to those.
		const mine = new Set(inserted.map((r) => r.id));
		const raced = fresh.filter((id) => !mine.has(id));
		for (const e of await existing(raced)) {
			if (clientFields(e.doc) !== clientFields(docs.get(e.id)!)) conflicts.add(e.id);
		}
	}
	if (!conflicts.size) return [];
	return (await tx.unsafe(
		`select ${LINE_DOC} from count_lines l
				left join count_sessions s on s.id = l.session_id
				left join users u on u.id = l.counter_id
			where l.id = any($1::uuid[])`,
		[[...conflicts]]
	)) as unknown as CountLineDoc[];
}

/** Checks each new line against its count; a failing line gets the reason it is rejected. */
async function judge(
	tx: Tx,
	locationId: string,
	docs: Record<string, unknown>[]
): Promise<Judged[]> {
	const sessionIds = [
		...new Set(
			docs
				.map((d) => d.session_id)
				.filter((s): s is string => typeof s === 'string' && UUID.test(s))
		)
	];
	const sessions = sessionIds.length
		? await tx<
				{ id: string; location_id: string; status: string; started_at: Date; item_ids: string[] }[]
			>`
				select id, location_id, status, started_at,
					array(select e->>'item_id' from jsonb_array_elements(items) e) as item_ids
				from count_sessions where id = any(${sessionIds}::uuid[])`
		: [];
	const byId = new Map(sessions.map((s) => [s.id, { ...s, items: new Set(s.item_ids) }] as const));
	// Items outside their count's walk: a catalog item is counted all the same (it was on the
	// shelf, or on the walk of a count started offline that joined this one).
	const sessionOf = (d: Record<string, unknown>) =>
		typeof d.session_id === 'string' ? byId.get(d.session_id.toLowerCase()) : undefined;
	const itemOf = (d: Record<string, unknown>) =>
		typeof d.item_id === 'string' ? d.item_id.toLowerCase() : '';
	const outside = [
		...new Set(
			docs.flatMap((d) => {
				const s = sessionOf(d);
				const item = itemOf(d);
				return s && UUID.test(item) && !s.items.has(item) ? [item] : [];
			})
		)
	];
	const catalog = new Map(
		(outside.length
			? await tx<{ id: string; name: string; unit: string }[]>`
					select id, name, unit from items where id = any(${outside}::uuid[])`
			: []
		).map((i) => [i.id, i])
	);
	const now = Date.now();
	return docs.map((d) => {
		const device =
			typeof d.device_id === 'string' && d.device_id.length >= 1 && d.device_id.length <= 100
				? d.device_id
				: null;
		const out: Judged = {
			id: d.id as string,
			doc: d,
			session_id: null,
			item_id: null,
			quantity: null,
			counted_at: null,
			device_id: device ?? 'unknown',
			reason: null
		};
		const reject = (reason: string) => ({ ...out, reason });
		if (!device) return reject('device_id must be 1–100 characters');
		if (d._deleted === true) return reject('a count line cannot be deleted; count the item again');
		const s = sessionOf(d);
		if (!s) return reject('the count does not exist');
		if (s.location_id !== locationId) return reject('the count belongs to another location');
		out.session_id = s.id;
		if (s.status !== 'open') return reject(`the count was ${s.status} before this line arrived`);
		const item = itemOf(d);
		const found = s.items.has(item) ? null : catalog.get(item);
		if (!s.items.has(item) && !found) return reject('the item is not in the catalog');
		out.item_id = item;
		const q = d.quantity;
		if (typeof q !== 'number' || !Number.isFinite(q) || q < 0 || q > ledger.MAX_QUANTITY) {
			return reject('quantity must be a number, zero or more');
		}
		if (Math.abs(q * 1e4 - Math.round(q * 1e4)) > 1e-6) {
			return reject('quantity has more than 4 decimal places');
		}
		const at = typeof d.counted_at === 'string' ? Date.parse(d.counted_at) : NaN;
		if (!Number.isFinite(at) || !/^\d{4}-\d\d-\d\dT/.test(d.counted_at as string)) {
			return reject('counted_at must be an RFC 3339 time');
		}
		if (at > now + FUTURE_SKEW_MS)
			return reject("counted_at is in the future (check the phone's clock)");
		if (at < s.started_at.getTime() - FUTURE_SKEW_MS) {
			return reject('counted_at is before the count started');
		}
		const added = found
			? { item_id: item, name: found.name, unit: found.unit, area: ADDED_AREA, shelf_order: 0 }
			: undefined;
		return { ...out, quantity: q, counted_at: new Date(at).toISOString(), added };
	});
}
