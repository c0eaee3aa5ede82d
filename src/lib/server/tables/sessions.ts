// Table sessions: a diner's access to one table, approved by staff. At most one pending or
// active session per table (partial unique index); every change emits its events through the
// outbox in the same transaction.
import { atomic, type Db, type Tx } from '../db/index';
import { inScope as mayReach, type Identity } from '../auth/identity';
import { readScope } from '../auth/guard';
import { ApiError } from '../http/errors';
import { emit } from '../events/outbox';
import { record, recordChange } from '../audit/log';
import { channels } from '../../shared/channels';
import type { SessionStatus } from '../../shared/events';
import { cancelForSession } from './calls';
import { config } from '../config';

export type Status = SessionStatus;

export interface Session {
	id: string;
	table_id: string;
	table_number: number;
	location_id: string;
	customer_name: string;
	customer_phone: string | null;
	status: Status;
	started_at: Date;
	approved_at: Date | null;
	ended_at: Date | null;
	/** Rejected because nobody answered in time (expirePending), not by staff. */
	lapsed: boolean;
	/** The diner's phone reminded the staff (after a minute of waiting). */
	reminded_at: Date | null;
	/** Withdrawn by the diner while pending (closed as rejected). */
	cancelled: boolean;
}

const SELECT = `s.id, s.table_id, t.number as table_number, s.location_id, s.customer_name,
	s.customer_phone, s.status, s.started_at, s.approved_at, s.ended_at,
	coalesce(s.status = 'rejected' and s.approved_at is null
		and s.ended_at >= s.pending_expires_at and s.cancelled_at is null, false) as lapsed,
	s.reminded_at, s.cancelled_at is not null as cancelled`;

export function pendingTtlMinutes(): number {
	return config.tableRequestTtlMinutes;
}

/** Lapses pending requests older than their TTL (lazily, on the paths that read them). */
export async function expirePending(
	tx: Tx,
	where: { tableId?: string; locationId?: string; sessionId?: string } = {}
) {
	const lapsed = await tx<
		{ id: string; location_id: string; table_id: string; table_number: number }[]
	>`
		update table_sessions s set status = 'rejected', ended_at = now()
		from dining_tables t
		where t.id = s.table_id and s.status = 'pending' and s.pending_expires_at < now()
			and (${where.tableId ?? null}::uuid is null or s.table_id = ${where.tableId ?? null})
			and (${where.locationId ?? null}::uuid is null or s.location_id = ${where.locationId ?? null})
			and (${where.sessionId ?? null}::uuid is null or s.id = ${where.sessionId ?? null})
		returning s.id, s.location_id, s.table_id, t.number as table_number`;
	for (const s of lapsed) {
		// The same shape as a staff rejection, with the reason.
		await emit(tx, [channels.branch(s.location_id), channels.session(s.id)], 'session:rejected', {
			sessionId: s.id,
			tableId: s.table_id,
			tableNumber: s.table_number,
			status: 'rejected',
			reason: 'expired'
		});
	}
}

/**
 * One session. `lock` (inside a transaction) share-locks the row before reading its status, so
 * a diner's write and a staff approve/end on the same session run one after the other: an order
 * never lands after its table ended.
 */
export async function get(db: Db, id: string, lock = false): Promise<Session | undefined> {
	const [s] = await db<Session[]>`
		select ${db.unsafe(SELECT)} from table_sessions s join dining_tables t on t.id = s.table_id
		where s.id = ${id} ${lock ? db`for share of s` : db``}`;
	return s;
}

/** The table's pending-or-active session, if any. */
export async function open(db: Db, tableId: string): Promise<Session | undefined> {
	const [s] = await db<Session[]>`
		select ${db.unsafe(SELECT)} from table_sessions s join dining_tables t on t.id = s.table_id
		where s.table_id = ${tableId} and s.status in ('pending', 'active')`;
	return s;
}

export async function inScope(db: Db, me: Identity, id: string): Promise<Session | undefined> {
	const scope = readScope(me);
	const [s] = await db<Session[]>`
		select ${db.unsafe(SELECT)} from table_sessions s join dining_tables t on t.id = s.table_id
		where s.id = ${id} and (${scope === null} or s.location_id = any(${scope ?? []}::uuid[]))`;
	return s;
}

export async function list(
	db: Db,
	me: Identity,
	filter: { status?: Status; locationId?: string }
): Promise<Session[]> {
	const scope = readScope(me);
	return db<Session[]>`
		select ${db.unsafe(SELECT)} from table_sessions s join dining_tables t on t.id = s.table_id
		where (${scope === null} or s.location_id = any(${scope ?? []}::uuid[]))
			and (${filter.status ?? null}::text is null or s.status = ${filter.status ?? null})
			and (${filter.locationId ?? null}::uuid is null or s.location_id = ${filter.locationId ?? null})
		order by s.started_at desc
		limit 500`;
}

/** Creates a pending session: 409 SESSION_PENDING / SESSION_ACTIVE when the table is taken. */
export async function request(
	tx: Tx,
	table: { id: string; location_id: string; number: number },
	customer: { customerName: string; customerPhone?: string | null }
): Promise<Session> {
	await expirePending(tx, { tableId: table.id });
	const existing = await open(tx, table.id);
	if (existing) throw taken(existing.status);
	const rows = await tx<{ id: string }[]>`
		insert into table_sessions (table_id, location_id, customer_name, customer_phone, pending_expires_at)
		values (${table.id}, ${table.location_id}, ${customer.customerName}, ${customer.customerPhone ?? null},
			now() + ${pendingTtlMinutes()} * interval '1 minute')
		on conflict do nothing
		returning id`;
	if (rows.length === 0) {
		// Lost a race with another diner: the partial unique index kept the table to one session.
		const winner = await open(tx, table.id);
		throw taken(winner?.status ?? 'pending');
	}
	const s = (await get(tx, rows[0].id))!;
	// Diners have no account: the audit row's actor is empty and names them in `after`.
	await recordChange(
		tx,
		null,
		{
			action: 'session_request',
			entity: 'table_session',
			entityId: s.id,
			locationId: s.location_id,
			after: { customer_name: s.customer_name, table_number: s.table_number }
		},
		{
			to: channels.branch(table.location_id),
			type: 'session:pending',
			payload: {
				sessionId: s.id,
				tableId: s.table_id,
				tableNumber: s.table_number,
				customerName: s.customer_name,
				startedAt: s.started_at
			}
		}
	);
	return s;
}

function taken(status: string) {
	return status === 'active'
		? new ApiError(409, 'Table already has an active session', 'SESSION_ACTIVE')
		: new ApiError(409, 'Table already has a pending session', 'SESSION_PENDING');
}

type Transition = {
	from: Status;
	to: Status;
	event: 'session:approved' | 'session:rejected' | 'session:ended';
	notFound: [string, string];
	set: 'approve' | 'end';
	toSession: boolean;
};

const TRANSITIONS: Record<'approve' | 'reject' | 'end', Transition> = {
	approve: {
		from: 'pending',
		to: 'active',
		event: 'session:approved',
		notFound: ['PENDING_SESSION_NOT_FOUND', 'No pending session found with that ID'],
		set: 'approve',
		toSession: true
	},
	reject: {
		from: 'pending',
		to: 'rejected',
		event: 'session:rejected',
		notFound: ['PENDING_SESSION_NOT_FOUND', 'No pending session found with that ID'],
		set: 'end',
		toSession: true
	},
	end: {
		from: 'active',
		to: 'completed',
		event: 'session:ended',
		notFound: ['ACTIVE_SESSION_NOT_FOUND', 'No active session found with that ID'],
		// The spec names the branch channel; the diner's own channel is told too so their
		// screen can end without polling.
		set: 'end',
		toSession: true
	}
};

/** approve / reject / end, in scope, from the right status only (race-safe conditional update). */
export async function transition(
	tx: Tx,
	me: Identity,
	id: string,
	action: keyof typeof TRANSITIONS
) {
	const t = TRANSITIONS[action];
	const scope = readScope(me);
	// Lock the session before anything else: a diner's order or call holding it finishes first,
	// and while waiting this transaction holds no channel lock that the diner's events need
	// (lapsing other tables' requests here used to, which could deadlock).
	await tx`select 1 from table_sessions where id = ${id} for update`;
	await expirePending(tx, { sessionId: id });
	const [row] = await tx<{ id: string }[]>`
		update table_sessions set status = ${t.to},
			approved_at = case when ${t.set === 'approve'} then now() else approved_at end,
			approved_by = case when ${t.set === 'approve'} then ${me.userId}::uuid else approved_by end,
			ended_at = case when ${t.set === 'end'} then now() else ended_at end
		where id = ${id} and status = ${t.from}
			and (${scope === null} or location_id = any(${scope ?? []}::uuid[]))
		returning id`;
	if (!row) throw new ApiError(404, t.notFound[1], t.notFound[0]);
	if (t.to !== 'active') await cancelForSession(tx, me, id);
	const s = (await get(tx, id))!;
	await recordChange(
		tx,
		me,
		{
			action: `session_${action}`,
			entity: 'table_session',
			entityId: s.id,
			locationId: s.location_id,
			after: { status: s.status }
		},
		{
			to: t.toSession
				? [channels.branch(s.location_id), channels.session(s.id)]
				: channels.branch(s.location_id),
			type: t.event,
			payload: {
				sessionId: s.id,
				tableId: s.table_id,
				tableNumber: s.table_number,
				status: s.status
			}
		}
	);
	return s;
}

// What the routes call, each in its own transaction (or the caller's).

/** The table's open session, after lapsing its request if it expired. */
export async function current(db: Db, tableId: string): Promise<Session | undefined> {
	await atomic(db, (tx) => expirePending(tx, { tableId }));
	return open(db, tableId);
}

/** A session of this table by id, after lapsing its table's expired request; else undefined. */
export async function ofTable(db: Db, tableId: string, id: string): Promise<Session | undefined> {
	await atomic(db, (tx) => expirePending(tx, { tableId }));
	const s = await get(db, id);
	return s?.table_id === tableId ? s : undefined;
}

/** A diner asks for the table (see request). */
export async function requestTable(
	db: Db,
	table: { id: string; location_id: string; number: number },
	customer: { customerName: string; customerPhone?: string | null }
): Promise<Session> {
	return atomic(db, (tx) => request(tx, table, customer));
}

/** Staff open a session for a party at a table in their scope (404 for any other table). */
export async function seat(
	db: Db,
	me: Identity,
	input: { tableId: string; customerName: string; customerPhone?: string | null }
): Promise<Session> {
	return atomic(db, async (tx) => {
		const [table] = await tx<{ id: string; location_id: string; number: number }[]>`
			select id, location_id, number from dining_tables where id = ${input.tableId}`;
		if (!table || !mayReach(me, table.location_id))
			throw new ApiError(404, 'Table not found', 'NOT_FOUND');
		const created = await request(tx, table, input);
		await record(tx, me, {
			action: 'session_create',
			entity: 'table_session',
			entityId: created.id,
			locationId: table.location_id
		});
		return created;
	});
}

/** Requests waiting for staff in the caller's scope, after lapsing the expired ones. */
export async function pending(db: Db, me: Identity, locationId?: string): Promise<Session[]> {
	await atomic(db, (tx) => expirePending(tx, {}));
	return list(db, me, { status: 'pending', locationId });
}

// The diner's wait screen (additions to the table-session contract, authorized by the pending
// request's own customer token).

/** How long a request waits before the diner's phone may remind the staff (once). */
export const REMIND_AFTER_MS = 60_000;

/**
 * Reminds the staff of a pending request once it has waited a minute: sets `reminded_at` and
 * tells the branch (`session:reminded`), so the floor marks the request and chimes again.
 * Repeating it changes nothing (the first reminder stands); 404 when the request is no longer
 * pending, 409 REMIND_TOO_EARLY within its first minute.
 */
export async function remind(db: Db, sessionId: string): Promise<{ reminded_at: Date }> {
	return atomic(db, async (tx) => {
		await expirePending(tx, { sessionId });
		const [s] = await tx<{ reminded_at: Date | null; waited_ms: number }[]>`
			select reminded_at, (extract(epoch from now() - started_at) * 1000)::float8 as waited_ms
			from table_sessions where id = ${sessionId} and status = 'pending' for update`;
		if (!s)
			throw new ApiError(404, 'No pending session found with that ID', 'PENDING_SESSION_NOT_FOUND');
		if (s.reminded_at) return { reminded_at: s.reminded_at };
		if (s.waited_ms < REMIND_AFTER_MS)
			throw new ApiError(409, 'The staff have just been told', 'REMIND_TOO_EARLY');
		const [row] = await tx<{ reminded_at: Date }[]>`
			update table_sessions set reminded_at = now() where id = ${sessionId} returning reminded_at`;
		const full = (await get(tx, sessionId))!;
		await recordChange(
			tx,
			null,
			{
				action: 'session_remind',
				entity: 'table_session',
				entityId: sessionId,
				locationId: full.location_id,
				after: { reminded_at: row.reminded_at, table_number: full.table_number }
			},
			{
				to: channels.branch(full.location_id),
				type: 'session:reminded',
				payload: {
					sessionId,
					tableId: full.table_id,
					tableNumber: full.table_number,
					customerName: full.customer_name,
					remindedAt: row.reminded_at
				}
			}
		);
		return { reminded_at: row.reminded_at };
	});
}

/**
 * The diner withdraws their own pending request: it closes as `rejected` with `cancelled_at`
 * (the contract's four statuses stay) and the branch and session channels hear
 * `session:rejected` with reason `cancelled`, so the floor drops it and the table is free.
 */
export async function withdraw(db: Db, sessionId: string): Promise<Session> {
	return atomic(db, async (tx) => {
		await tx`select 1 from table_sessions where id = ${sessionId} for update`;
		await expirePending(tx, { sessionId });
		const [row] = await tx<{ id: string }[]>`
			update table_sessions set status = 'rejected', ended_at = now(), cancelled_at = now()
			where id = ${sessionId} and status = 'pending'
			returning id`;
		if (!row)
			throw new ApiError(404, 'No pending session found with that ID', 'PENDING_SESSION_NOT_FOUND');
		const s = (await get(tx, sessionId))!;
		await recordChange(
			tx,
			null,
			{
				action: 'session_cancel',
				entity: 'table_session',
				entityId: s.id,
				locationId: s.location_id,
				before: { status: 'pending' },
				after: { status: s.status, cancelled_by: 'diner', customer_name: s.customer_name }
			},
			{
				to: [channels.branch(s.location_id), channels.session(s.id)],
				type: 'session:rejected',
				payload: {
					sessionId: s.id,
					tableId: s.table_id,
					tableNumber: s.table_number,
					status: s.status,
					reason: 'cancelled'
				}
			}
		);
		return s;
	});
}
