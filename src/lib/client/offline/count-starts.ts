// Counts a manager started on a phone without signal (issue 12): kept in localStorage (written
// synchronously, before the screen shows the count) until the server has them. The leader tab
// sends them before any of their lines (SyncStatus.flushStarts), so no line reaches the server
// ahead of its count.
export interface PendingStart {
	id: string;
	store_id: string;
	location_id: string;
	/** When it began on the phone: its lines were counted from then on. */
	started_at: string;
}

const KEY = 'preptable.count-starts';
const MOVES = 'preptable.count-moves';

/** A stored value of the expected shape, else `empty` (never set, or written by another build). */
function read<T>(key: string, empty: T, ok: (v: unknown) => boolean): T {
	try {
		const v = JSON.parse(localStorage.getItem(key) ?? 'null') as unknown;
		return ok(v) ? (v as T) : empty;
	} catch {
		return empty;
	}
}

const all = () => read<PendingStart[]>(KEY, [], Array.isArray);

export function pendingStarts(locationId: string): PendingStart[] {
	return all().filter((s) => s.location_id === locationId);
}

export function queueStart(s: PendingStart) {
	localStorage.setItem(KEY, JSON.stringify([...all().filter((x) => x.id !== s.id), s]));
}

export function forgetStart(id: string) {
	localStorage.setItem(KEY, JSON.stringify(all().filter((x) => x.id !== id)));
}

/**
 * Counts started here that joined another (old id → the joined count's id). Kept: RxDB may
 * retry a push batch read before the move, and its lines must still go to the joined count.
 */
export function movedCounts(): Record<string, string> {
	return read<Record<string, string>>(
		MOVES,
		{},
		(v) => v !== null && typeof v === 'object' && !Array.isArray(v)
	);
}

export function recordMove(from: string, to: string) {
	localStorage.setItem(MOVES, JSON.stringify({ ...movedCounts(), [from]: to }));
}
