// Audit log: one row per mutation, written in the mutation's own transaction.
import type { Db } from '../db/index';
import type { Identity } from '../auth/identity';

export interface AuditEntry {
	action: string;
	entity: string;
	entityId?: string | null;
	locationId?: string | null;
	before?: unknown;
	after?: unknown;
}

type Actor = Pick<Identity, 'userId' | 'role'> | null;

export async function record(db: Db, actor: Actor, e: AuditEntry): Promise<void> {
	await db`
		insert into audit_log (actor_id, actor_role, action, entity, entity_id, location_id, before, after)
		values (${actor?.userId ?? null}, ${actor?.role ?? null}, ${e.action}, ${e.entity},
			${e.entityId ?? null}, ${e.locationId ?? null},
			${e.before === undefined ? null : db.json(e.before as never)},
			${e.after === undefined ? null : db.json(e.after as never)})`;
}
