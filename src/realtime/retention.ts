// Outbox retention: events older than EVENT_RETENTION_HOURS are deleted. Every sidecar runs the
// sweep; a transaction-scoped advisory lock lets only one of them work at a time. A client whose
// `since` falls before the oldest kept event gets a `reset` and reloads a snapshot.
import { config } from '../lib/server/config';
import type { Sql } from '../lib/server/db/index';

/** Arbitrary constant key for pg_try_advisory_xact_lock (unique within PrepTable). */
export const RETENTION_LOCK = 727020;

export function retentionHours(): number {
	return config.eventRetentionHours;
}

/** Deletes expired events; null when another process holds the sweep lock. */
export async function sweep(sql: Sql, hours = retentionHours()): Promise<number | null> {
	return sql.begin(async (tx) => {
		const [{ locked }] = await tx<{ locked: boolean }[]>`
			select pg_try_advisory_xact_lock(${RETENTION_LOCK}) as locked`;
		if (!locked) return null;
		const r = await tx`
			delete from events where created_at < now() - ${hours * 3600} * interval '1 second'`;
		return r.count;
	});
}
