// Waiter calls and bill requests: one pending of each type per table. Staff acknowledge them;
// ending the table's session cancels what is still pending, so the next party can call.
import { atomic, type Db, type Tx } from '../db/index';
import type { Identity } from '../auth/identity';
import { readScope } from '../auth/guard';
import { recordChange } from '../audit/log';
import { channels } from '../../shared/channels';
import type { CallType } from '../../shared/events';

export interface PendingCall {
	id: string;
	type: CallType;
	status: 'pending';
	created_at: Date;
	table_id: string;
	table_number: number;
	location_id: string;
}

/** Pending calls in the caller's scope, optionally at one location. */
export async function pending(db: Db, me: Identity, locationId?: string): Promise<PendingCall[]> {
	const scope = readScope(me);
	return db<PendingCall[]>`
		select c.id, c.type, c.status, c.created_at, c.table_id, t.number as table_number, c.location_id
		from waiter_calls c join dining_tables t on t.id = c.table_id
		where c.status = 'pending' and (${scope === null} or c.location_id = any(${scope ?? []}::uuid[]))
			and (${locationId ?? null}::uuid is null or c.location_id = ${locationId ?? null})
		order by c.created_at`;
}

/** A diner's view of their session's calls: pending ones, and when staff took the others. */
export interface SessionCall {
	id: string;
	type: CallType;
	status: 'pending' | 'acknowledged' | 'cancelled';
	created_at: Date;
	acknowledged_at: Date | null;
}

/** The latest call of each type of a session (what the diner's buttons show). */
export async function ofSession(db: Db, sessionId: string): Promise<SessionCall[]> {
	return db<SessionCall[]>`
		select distinct on (type) id, type, status, created_at, acknowledged_at
		from waiter_calls where session_id = ${sessionId}
		order by type, created_at desc`;
}

/** Marks a pending call in scope as handled; undefined when there is none. */
export async function acknowledge(tx: Tx, me: Identity, id: string) {
	const scope = readScope(me);
	const [c] = await tx<
		{
			id: string;
			type: CallType;
			status: string;
			location_id: string;
			session_id: string | null;
			table_id: string;
		}[]
	>`
		update waiter_calls set status = 'acknowledged', acknowledged_at = now(), acknowledged_by = ${me.userId}
		where id = ${id} and status = 'pending'
			and (${scope === null} or location_id = any(${scope ?? []}::uuid[]))
		returning id, type, status, location_id, session_id, table_id`;
	if (!c) return undefined;
	await recordChange(
		tx,
		me,
		{
			action: 'acknowledge',
			entity: 'waiter_call',
			entityId: c.id,
			locationId: c.location_id,
			before: { status: 'pending' },
			after: { status: 'acknowledged' }
		},
		{
			to: [
				channels.branch(c.location_id),
				...(c.session_id ? [channels.session(c.session_id)] : [])
			],
			type: 'call:acknowledged',
			payload: { callId: c.id, type: c.type, tableId: c.table_id }
		}
	);
	return c;
}

/** acknowledge, in its own transaction (or the caller's). */
export async function ack(db: Db, me: Identity, id: string) {
	return atomic(db, (tx) => acknowledge(tx, me, id));
}

/** Cancels the session's pending calls (in the transaction that ends or rejects it). */
export async function cancelForSession(tx: Tx, me: Identity | null, sessionId: string) {
	const cancelled = await tx<
		{ id: string; type: CallType; location_id: string; table_id: string }[]
	>`
		update waiter_calls set status = 'cancelled', cancelled_at = now()
		where session_id = ${sessionId} and status = 'pending'
		returning id, type, location_id, table_id`;
	for (const c of cancelled) {
		await recordChange(
			tx,
			me,
			{
				action: 'cancel',
				entity: 'waiter_call',
				entityId: c.id,
				locationId: c.location_id,
				before: { status: 'pending' },
				after: { status: 'cancelled', session_id: sessionId }
			},
			{
				to: channels.branch(c.location_id),
				type: 'call:cancelled',
				payload: { callId: c.id, type: c.type, tableId: c.table_id, reason: 'session_closed' }
			}
		);
	}
}
