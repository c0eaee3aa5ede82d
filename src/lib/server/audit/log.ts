// Audit log: one row per mutation, written in the mutation's own transaction.
import type { Db, Tx } from '../db/index';
import type { Identity } from '../auth/identity';
import { emit } from '../events/outbox';
import type { Channel } from '../../shared/channels';
import type { EmitPayload, EventType } from '../../shared/events';
import type { AuditRow } from '../../shared/wire/audit';

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
	// execute(): sent now (postgres.js sends a query when it is first awaited otherwise), so a
	// caller can start what follows before this answers (recordChange, below).
	await db`
		insert into audit_log (actor_id, actor_role, action, entity, entity_id, location_id, before, after)
		values (${actor?.userId ?? null}, ${actor?.role ?? null}, ${e.action}, ${e.entity},
			${e.entityId ?? null}, ${e.locationId ?? null},
			${e.before === undefined ? null : db.json(e.before as never)},
			${e.after === undefined ? null : db.json(e.after as never)})`.execute();
}

/** Events to emit with a change: `to` a channel or several, `type` from the event map. */
export type Emission = {
	[K in EventType]: { to: Channel | readonly Channel[]; type: K; payload: EmitPayload<K> };
}[EventType];

/**
 * A change others must see: its audit row and its events, in the caller's transaction, so
 * neither can exist without the other. Returns the events' seqs, in order (a channel list's seqs
 * in that list's order).
 *
 * The audit insert and the first event leave together (pipelined on the transaction's
 * connection; Postgres runs them in that order): one round trip, not two. Audit first: emit
 * locks the channel's counter row until commit, so it goes last. Queries the caller starts
 * right after this call (without awaiting it) run behind the first event, under its lock.
 */
export async function recordChange(
	tx: Tx,
	actor: Actor,
	entry: AuditEntry,
	...events: Emission[]
): Promise<number[]> {
	const audit = record(tx, actor, entry);
	const emits = (async () => {
		const seqs: number[] = [];
		// One event after the other: each locks its channels in sorted order (outbox.append).
		for (const e of events) seqs.push(...(await emit(tx, e.to, e.type, e.payload)));
		return seqs;
	})();
	const [, seqs] = await Promise.all([audit, emits]);
	return seqs;
}

export interface AuditFilter {
	limit: number;
	/** The public (UUID) id of the last entry of the previous page: older entries follow. */
	before?: string;
	/** The acting user's id; `system` for entries without one (bootstrap, the webhook). */
	actor?: string;
	action?: string;
	entity?: string;
	/** Instants: from inclusive, to exclusive (the browser sends its local day's bounds). */
	from?: string;
	to?: string;
}

export type { AuditRow };

const UUID_RE = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

/**
 * Newest first, filtered, with names instead of ids: the actor's name, the location's, and the
 * entity's where it still exists (else the name the entry itself recorded). Deleted things keep
 * their recorded name; ids stay in the row for whoever needs them.
 */
export async function list(db: Db, f: AuditFilter): Promise<AuditRow[]> {
	const actor = f.actor ?? null;
	return db<AuditRow[]>`
		select a.public_id as id, a.actor_id, nullif(u.display_name, '') as actor_name,
			u.email as actor_email, a.actor_role, a.action, a.entity, a.entity_id,
			coalesce(
				case when a.entity_id ~ ${UUID_RE} then
					case a.entity
						when 'user' then (select coalesce(nullif(x.display_name, ''), x.email)
							from users x where x.id = a.entity_id::uuid)
						when 'location' then (select x.name from locations x where x.id = a.entity_id::uuid)
						when 'table' then (select 'Table ' || x.number from dining_tables x
							where x.id = a.entity_id::uuid)
						when 'table_session' then (select 'Table ' || t.number || ' · ' || x.customer_name
							from table_sessions x join dining_tables t on t.id = x.table_id
							where x.id = a.entity_id::uuid)
						when 'item' then (select x.name from items x where x.id = a.entity_id::uuid)
						when 'store' then (select x.name from stores x where x.id = a.entity_id::uuid)
						when 'store_walk' then (select x.name from stores x where x.id = a.entity_id::uuid)
						when 'store_item_place' then (select x.name from items x where x.id = a.entity_id::uuid)
						when 'vendor' then (select x.name from vendors x where x.id = a.entity_id::uuid)
						when 'meal' then (select x.name from meals x where x.id = a.entity_id::uuid)
						when 'menu' then (select x.name from menus x where x.id = a.entity_id::uuid)
					end
				end,
				a.after ->> 'name', a.before ->> 'name',
				a.after ->> 'display_name', a.before ->> 'display_name',
				a.after ->> 'email', a.before ->> 'email',
				case a.entity
					when 'table' then 'Table ' || coalesce(a.after ->> 'number', a.before ->> 'number')
					when 'invitation' then coalesce(a.after, a.before) ->> 'role' || ' invitation'
				end
			) as entity_name,
			a.location_id, l.name as location_name, a.before, a.after, a.created_at
		from audit_log a
		left join users u on u.id = a.actor_id
		left join locations l on l.id = a.location_id
		where (${f.before ?? null}::uuid is null
				or a.id < (select b.id from audit_log b where b.public_id = ${f.before ?? null}::uuid))
			and (${actor}::text is null
				or (${actor} = 'system' and a.actor_id is null)
				or a.actor_id::text = ${actor})
			and (${f.action ?? null}::text is null or a.action = ${f.action ?? null})
			and (${f.entity ?? null}::text is null or a.entity = ${f.entity ?? null})
			and (${f.from ?? null}::timestamptz is null or a.created_at >= ${f.from ?? null}::timestamptz)
			and (${f.to ?? null}::timestamptz is null or a.created_at < ${f.to ?? null}::timestamptz)
		order by a.id desc limit ${f.limit}`;
}

/** What the filters can choose from: every actor, action and entity the log holds. */
export async function facets(db: Db) {
	const [actors, actions, entities] = await Promise.all([
		db<{ id: string; name: string }[]>`
			select u.id, coalesce(nullif(u.display_name, ''), u.email, u.role) as name
			from users u where exists (select 1 from audit_log a where a.actor_id = u.id)
			order by 2`,
		db<{ action: string }[]>`select distinct action from audit_log order by 1`,
		db<{ entity: string }[]>`select distinct entity from audit_log order by 1`
	]);
	return {
		actors,
		actions: actions.map((r) => r.action),
		entities: entities.map((r) => r.entity)
	};
}

/** The columns of the CSV export, in order: names first, ids kept for cross-reference. */
export const CSV_HEADER = [
	'created_at',
	'actor',
	'actor_email',
	'actor_role',
	'action',
	'entity',
	'entity_name',
	'location',
	'entity_id',
	'entry_id'
] as const;

export function csvRow(r: AuditRow): (string | null)[] {
	return [
		new Date(r.created_at).toISOString(),
		r.actor_name ?? r.actor_email ?? (r.actor_id ? null : 'system'),
		r.actor_email,
		r.actor_role,
		r.action,
		r.entity,
		r.entity_name,
		r.location_name,
		r.entity_id,
		r.id
	];
}
