// Audit log: one row per mutation, written in the mutation's own transaction.
import type { Db, Tx } from '../db/index';
import type { Identity } from '../auth/identity';
import { emit } from '../events/outbox';
import type { Channel } from '../../shared/channels';
import type { EmitPayload, EventType } from '../../shared/events';

export interface AuditEntry {
	action: string;
	entity: string;
	entityId?: string | null;
	locationId?: string | null;
	before?: unknown;
	after?: unknown;
}

export type Actor = Pick<Identity, 'userId' | 'role'> | null;

export async function record(db: Tx, actor: Actor, e: AuditEntry): Promise<void> {
	await db`
		insert into audit_log (actor_id, actor_role, action, entity, entity_id, location_id, before, after)
		values (${actor?.userId ?? null}, ${actor?.role ?? null}, ${e.action}, ${e.entity},
			${e.entityId ?? null}, ${e.locationId ?? null},
			${e.before === undefined ? null : db.json(e.before as never)},
			${e.after === undefined ? null : db.json(e.after as never)})`;
}

/** Events to emit with a change: `to` a channel or several, `type` from the event map. */
export type Emission = {
	[K in EventType]: { to: Channel | readonly Channel[]; type: K; payload: EmitPayload<K> };
}[EventType];

/**
 * A change others must see: its audit row and its events, in the caller's transaction, so
 * neither can exist without the other.
 */
export async function recordChange(
	tx: Tx,
	actor: Actor,
	entry: AuditEntry,
	...events: Emission[]
): Promise<void> {
	// Audit first: emit locks the channel's counter row until commit, so it goes last.
	await record(tx, actor, entry);
	for (const e of events) await emit(tx, e.to, e.type, e.payload);
}

/** A page of the audit log, newest first; `before` is the id of the last entry already shown. */
/** Newest first; `before` is the public (UUID) id of the last entry of the previous page. */
export async function list(db: Db, limit: number, before?: string) {
	return db<{ id: string }[]>`
		select a.public_id as id, a.actor_id, u.email as actor_email, a.actor_role, a.action, a.entity, a.entity_id,
			a.location_id, a.before, a.after, a.created_at
		from audit_log a left join users u on u.id = a.actor_id
		where ${before ?? null}::uuid is null
			or a.id < (select b.id from audit_log b where b.public_id = ${before ?? null}::uuid)
		order by a.id desc limit ${limit}`;
}
