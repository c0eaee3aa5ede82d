// Which daypart is live: pure functions over a location's dayparts, its IANA time zone and an
// instant. The server's live-menu resolver (server/menus/live.ts) and the signage screen (which
// switches at the boundary by itself, offline too) both use them. Imports nothing.
//
// The rules (the documented overlap rule included; src/lib/server/README.md points here):
//   - A daypart runs on its ISO weekdays (1 = Monday … 7 = Sunday) from `starts_at` to
//     `ends_at`, local wall time in the location's zone, half-open: [start, end).
//   - `ends_at` at or before `starts_at` spans past midnight and belongs to the day it started:
//     Friday 22:00–02:00 runs Friday 22:00 to Saturday 02:00 (a Saturday-only 22:00–02:00 does
//     not run early on Saturday). `starts_at` equal to `ends_at` is a full 24 hours.
//   - DST: a wall time that does not exist (spring forward: 02:30 in a 02:00→03:00 gap) is
//     moved forward by the gap (03:30); a wall time that occurs twice (fall back: 01:30) is the
//     first one. So a 01:00–03:00 daypart on a fall-back night lasts three real hours and on a
//     spring-forward night one.
//   - Overlaps: when several dayparts are live, the one that started most recently wins (a
//     "happy hour" inside "dinner" takes over, and dinner resumes when it ends); on the same
//     start, the shorter span; then name, then id. Deterministic for any set.

export interface DaypartRule {
	id: string;
	name: string;
	/** ISO weekdays, 1 (Mon) … 7 (Sun). */
	days: readonly number[];
	/** Local wall time, `HH:MM` or `HH:MM:SS`. */
	starts_at: string;
	ends_at: string;
}

/** One occurrence of a daypart: [start, end) as epoch milliseconds. */
export interface Span<D extends DaypartRule = DaypartRule> {
	daypart: D;
	start: number;
	end: number;
}

export interface LiveDaypart<D extends DaypartRule = DaypartRule> {
	/** The winning daypart at `at`, or null when none runs. */
	daypart: D | null;
	/** When the winner's occurrence began (null when none runs). */
	since: Date | null;
	/** The next instant the live daypart changes (another one, or none); null if never within a week. */
	next_change_at: Date | null;
	/** What is live from `next_change_at` on (null: nothing). */
	next: D | null;
}

const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
	let f = formatters.get(timeZone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric'
		});
		formatters.set(timeZone, f);
	}
	return f;
}

/** True for a time zone the runtime knows (IANA name or UTC). */
export function isTimeZone(tz: string): boolean {
	try {
		formatter(tz);
		return true;
	} catch {
		return false;
	}
}

interface Wall {
	y: number;
	m: number;
	d: number;
	h: number;
	mi: number;
	s: number;
}

/** The wall clock of an instant in a zone. */
export function wallClock(t: number, timeZone: string): Wall {
	const parts: Record<string, number> = {};
	for (const p of formatter(timeZone).formatToParts(new Date(t)))
		if (p.type !== 'literal') parts[p.type] = Number(p.value);
	return {
		y: parts.year,
		m: parts.month,
		d: parts.day,
		h: parts.hour === 24 ? 0 : parts.hour,
		mi: parts.minute,
		s: parts.second
	};
}

/** UTC offset of the zone at an instant, in ms (wall − UTC), to the second. */
function offsetAt(t: number, timeZone: string): number {
	const w = wallClock(t, timeZone);
	const sec = Math.floor(t / 1000) * 1000;
	return Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi, w.s) - sec;
}

/**
 * The instant of a local wall time: the earlier one when it occurs twice, and for a wall time
 * in a DST gap the instant the gap's length later (the offset before the change applies).
 */
export function instantOf(
	y: number,
	m: number,
	d: number,
	seconds: number,
	timeZone: string
): number {
	const asUtc = Date.UTC(y, m - 1, d) + seconds * 1000;
	const before = offsetAt(asUtc - DAY, timeZone);
	const after = offsetAt(asUtc + DAY, timeZone);
	const valid = [...new Set([before, after])]
		.map((o) => asUtc - o)
		.filter((t) => offsetAt(t, timeZone) === asUtc - t);
	if (valid.length > 0) return Math.min(...valid);
	return asUtc - before; // in the gap
}

/** Seconds after midnight of `HH:MM[:SS]`; NaN when malformed. */
export function clockSeconds(s: string): number {
	const m = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/.exec(s);
	if (!m) return NaN;
	return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0);
}

/** ISO weekday (1 = Monday) of a calendar date. */
function isoDow(y: number, m: number, d: number): number {
	return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

/** Occurrences of the dayparts that start on local dates from `from` to `to` days after t's date. */
export function spans<D extends DaypartRule>(
	dayparts: readonly D[],
	t: number,
	timeZone: string,
	from = -2,
	to = 8
): Span<D>[] {
	const w = wallClock(t, timeZone);
	const out: Span<D>[] = [];
	for (let k = from; k <= to; k++) {
		const date = new Date(Date.UTC(w.y, w.m - 1, w.d + k));
		const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
		const dow = isoDow(y, m, d);
		for (const p of dayparts) {
			if (!p.days.includes(dow)) continue;
			const s = clockSeconds(p.starts_at);
			const e = clockSeconds(p.ends_at);
			if (Number.isNaN(s) || Number.isNaN(e)) continue;
			const start = instantOf(y, m, d, s, timeZone);
			const next = new Date(Date.UTC(y, m - 1, d + 1));
			const end =
				e > s
					? instantOf(y, m, d, e, timeZone)
					: instantOf(
							next.getUTCFullYear(),
							next.getUTCMonth() + 1,
							next.getUTCDate(),
							e,
							timeZone
						);
			if (end > start) out.push({ daypart: p, start, end });
		}
	}
	return out;
}

/** The overlap rule: later start wins, then the shorter span, then name, then id. */
export function beats(a: Span, b: Span): boolean {
	if (a.start !== b.start) return a.start > b.start;
	const la = a.end - a.start;
	const lb = b.end - b.start;
	if (la !== lb) return la < lb;
	if (a.daypart.name !== b.daypart.name) return a.daypart.name < b.daypart.name;
	return a.daypart.id < b.daypart.id;
}

function winnerAt<D extends DaypartRule>(all: Span<D>[], t: number): Span<D> | null {
	let best: Span<D> | null = null;
	for (const s of all) if (s.start <= t && t < s.end && (!best || beats(s, best))) best = s;
	return best;
}

/** The live daypart at an instant, when it began, and when (and to what) it next changes. */
export function liveDaypart<D extends DaypartRule>(
	dayparts: readonly D[],
	at: Date | number,
	timeZone: string
): LiveDaypart<D> {
	const t = typeof at === 'number' ? at : at.getTime();
	const all = spans(dayparts, t, timeZone);
	const now = winnerAt(all, t);
	const horizon = t + 7 * DAY + 1;
	const boundaries = [
		...new Set(all.flatMap((s) => [s.start, s.end]).filter((b) => b > t && b <= horizon))
	].sort((a, b) => a - b);
	for (const b of boundaries) {
		const then = winnerAt(all, b);
		if ((then?.daypart.id ?? null) !== (now?.daypart.id ?? null)) {
			return {
				daypart: now?.daypart ?? null,
				since: now ? new Date(now.start) : null,
				next_change_at: new Date(b),
				next: then?.daypart ?? null
			};
		}
	}
	return {
		daypart: now?.daypart ?? null,
		since: now ? new Date(now.start) : null,
		next_change_at: null,
		next: null
	};
}
