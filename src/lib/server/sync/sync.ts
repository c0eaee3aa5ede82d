// The sync endpoints (`/api/v1/sync/{collection}/pull|push`, issue 12): RxDB replication of what
// staff need offline. `{collection}` is `<name>-v<version>`; an older version than the server's
// is 426 (the app reloads), an unknown one 404. Pulls are per location (`?location_id=`, scope
// like the data) from a `{rev, id}` checkpoint; pushes are idempotent and store a well-formed
// but invalid document as rejected (see counts/counts.ts) instead of answering 4xx.
import { z } from 'zod';
import type { Db, Sql } from '../db/index';
import type { Identity } from '../auth/identity';
import { ApiError, notFound } from '../http/errors';
import { uuid } from '../http/request';
import * as counts from '../counts/counts';
import * as kitchenActions from '../kitchen/actions';
import * as stockItems from '../inventory/stock-items';
import * as liveMenus from '../menus/live-sync';
import { SYNC_VERSIONS, type SyncCheckpoint, type SyncCollection } from '../../shared/wire/sync';

type Pull = (
	db: Db,
	me: Identity,
	locationId: string,
	cp: SyncCheckpoint | null,
	limit: number
) => Promise<{ documents: unknown[]; checkpoint: SyncCheckpoint | null; total?: number }>;

const PULL: Partial<Record<SyncCollection, Pull>> = {
	count_sessions: counts.pullSessions,
	count_lines: counts.pullLines,
	// Server-derived: levels, par and low of every item at the location (pull-only).
	stock_buckets: stockItems.pull,
	// Server-derived: what the location's live menu is made of, one document (pull-only).
	live_menus: liveMenus.pull
};

// kitchen_actions is push-only: the display learns each tap's outcome from the push answer and
// the ticket itself from the kitchen stream.
const PUSH = {
	count_lines: counts.pushLines,
	kitchen_actions: kitchenActions.replay
} satisfies Partial<Record<SyncCollection, unknown>>;

/** `count_lines-v1` → the collection; 426 for an older version, 404 for anything unknown. */
export function collection(param: string | undefined): SyncCollection {
	const m = /^([a-z_]{1,40})-v(\d{1,4})$/.exec(param ?? '');
	const name = m?.[1] as SyncCollection | undefined;
	if (!m || !name || !Object.hasOwn(SYNC_VERSIONS, name)) throw notFound('Unknown sync collection');
	const version = Number(m[2]);
	const current = SYNC_VERSIONS[name];
	if (version < current) {
		throw new ApiError(
			426,
			`This app is out of date (sync ${name} v${version}, the server speaks v${current}): reload it`
		);
	}
	if (version > current) throw notFound(`Unknown sync version ${name} v${version}`);
	return name;
}

export const pullQuery = z
	.object({
		location_id: uuid,
		rev: z.coerce.number().int().min(0).optional(),
		id: uuid.optional(),
		lost: z.enum(['1']).optional(),
		limit: z.coerce.number().int().min(1).max(5000).default(500)
	})
	.refine((q) => (q.rev === undefined) === (q.id === undefined), {
		message: 'rev and id go together (the checkpoint)',
		path: ['rev']
	});

export const pushQuery = z.object({ location_id: uuid });

export function pull(db: Db, me: Identity, name: SyncCollection, q: z.output<typeof pullQuery>) {
	const cp: SyncCheckpoint | null =
		q.rev === undefined ? null : { rev: q.rev, id: q.id!, ...(q.lost ? { lost: true } : {}) };
	const pullOf = PULL[name];
	if (!pullOf) throw notFound(`${name} is push-only`);
	return pullOf(db, me, q.location_id, cp, q.limit);
}

export const pushBody = counts.pushRows;

export function push(
	sql: Sql,
	me: Identity,
	name: SyncCollection,
	locationId: string,
	rows: z.output<typeof pushBody>
) {
	if (!Object.hasOwn(PUSH, name)) throw notFound(`${name} is pull-only`);
	return PUSH[name as keyof typeof PUSH](sql, me, locationId, rows);
}
