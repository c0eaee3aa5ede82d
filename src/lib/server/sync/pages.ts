// What every pull collection shares: where a pull starts for the caller's scope, and how a page
// of rows (ordered by rev, then id) becomes documents and the next checkpoint.
import { inScope, type Identity } from '../auth/identity';
import type { SyncCheckpoint } from '../../shared/wire/sync';

export const NIL = '00000000-0000-0000-0000-000000000000';

export interface PullMode {
	/** Send tombstones only: the caller lost the location's scope. */
	tombstones: boolean;
	from: SyncCheckpoint;
}

/**
 * Where a pull starts and whether it sends tombstones only: a caller who lost the location's
 * scope gets tombstones of everything it held (from the start), and once back in scope starts
 * over. A caller without scope and without a checkpoint held nothing: null, an empty page.
 */
export function pullMode(
	me: Identity,
	locationId: string,
	cp: SyncCheckpoint | null
): PullMode | null {
	if (inScope(me, locationId)) {
		return { tombstones: false, from: cp && !cp.lost ? cp : { rev: 0, id: NIL } };
	}
	if (!cp) return null;
	return { tombstones: true, from: cp.lost ? cp : { rev: 0, id: NIL } };
}

/**
 * Rows (ordered by rev, then `key`) → documents and the next checkpoint. `key` is the row's
 * UUID that orders it within a rev (the checkpoint's id); by default the document's id.
 */
export function page<D extends { id: string }>(
	rows: (D & { rev: number })[],
	mode: PullMode,
	cp: SyncCheckpoint | null,
	key: (d: D) => string = (d) => d.id
) {
	const last = rows.at(-1);
	return {
		documents: rows.map(({ rev: _rev, ...d }) => {
			void _rev;
			return mode.tombstones ? { id: d.id, _deleted: true as const } : (d as unknown as D);
		}),
		checkpoint: last
			? { rev: last.rev, id: key(last), ...(mode.tombstones ? { lost: true } : {}) }
			: cp
	};
}
