import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	beats,
	clockSeconds,
	instantOf,
	liveDaypart,
	spans,
	wallClock,
	type DaypartRule
} from './dayparts';

const ALL = [1, 2, 3, 4, 5, 6, 7];
const dp = (
	id: string,
	starts_at: string,
	ends_at: string,
	days: number[] = ALL,
	name = id
): DaypartRule => ({ id, name, days, starts_at, ends_at });

const iso = (d: Date | null) => d?.toISOString() ?? null;
const at = (s: string) => new Date(s);

describe('instantOf: local wall time → instant', () => {
	it('in UTC, Lima (no DST), Tokyo and Kathmandu (+05:45)', () => {
		expect(new Date(instantOf(2026, 6, 1, 12 * 3600, 'UTC')).toISOString()).toBe(
			'2026-06-01T12:00:00.000Z'
		);
		expect(new Date(instantOf(2026, 6, 1, 12 * 3600, 'America/Lima')).toISOString()).toBe(
			'2026-06-01T17:00:00.000Z'
		);
		expect(new Date(instantOf(2026, 6, 1, 9 * 3600, 'Asia/Tokyo')).toISOString()).toBe(
			'2026-06-01T00:00:00.000Z'
		);
		expect(new Date(instantOf(2026, 6, 1, 6 * 3600, 'Asia/Kathmandu')).toISOString()).toBe(
			'2026-06-01T00:15:00.000Z'
		);
	});

	it('a wall time in the spring-forward gap moves forward by the gap', () => {
		// New York, 2026-03-08: 02:00 EST → 03:00 EDT. 02:30 does not exist: 03:30 EDT.
		expect(new Date(instantOf(2026, 3, 8, 2.5 * 3600, 'America/New_York')).toISOString()).toBe(
			'2026-03-08T07:30:00.000Z'
		);
	});

	it('a wall time that occurs twice (fall back) is the first one', () => {
		// New York, 2026-11-01: 02:00 EDT → 01:00 EST. 01:30 EDT = 05:30Z (EST would be 06:30Z).
		expect(new Date(instantOf(2026, 11, 1, 1.5 * 3600, 'America/New_York')).toISOString()).toBe(
			'2026-11-01T05:30:00.000Z'
		);
	});

	it('round-trips every wall time that exists (property, several zones)', () => {
		const zones = ['UTC', 'America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'America/Lima'];
		fc.assert(
			fc.property(
				fc.constantFrom(...zones),
				fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2028, 0, 1) }),
				(tz, t0) => {
					const t = Math.floor(t0 / 1000) * 1000;
					const w = wallClock(t, tz);
					const back = instantOf(w.y, w.m, w.d, w.h * 3600 + w.mi * 60 + w.s, tz);
					// The same wall time; equal instant unless it is the repeated hour's second pass.
					const again = wallClock(back, tz);
					expect(again).toEqual(w);
					expect(back <= t).toBe(true);
					expect(t - back <= 3600_000).toBe(true);
				}
			)
		);
	});
});

describe('clockSeconds', () => {
	it('parses HH:MM and HH:MM:SS and refuses the rest', () => {
		expect(clockSeconds('00:00')).toBe(0);
		expect(clockSeconds('22:30:15')).toBe(22 * 3600 + 30 * 60 + 15);
		expect(clockSeconds('24:00')).toBeNaN();
		expect(clockSeconds('7:00')).toBeNaN();
	});
});

describe('liveDaypart', () => {
	const breakfast = dp('b', '07:00', '11:00');
	const lunch = dp('l', '11:00', '15:00');
	const dinner = dp('d', '18:00', '22:00');

	it('picks the daypart of the local time and says when it changes (Lima, UTC−5)', () => {
		const r = liveDaypart([breakfast, lunch, dinner], at('2026-06-01T17:00:00Z'), 'America/Lima');
		expect(r.daypart?.id).toBe('l'); // 12:00 in Lima
		expect(iso(r.since)).toBe('2026-06-01T16:00:00.000Z');
		expect(iso(r.next_change_at)).toBe('2026-06-01T20:00:00.000Z'); // 15:00 Lima
		expect(r.next).toBeNull(); // the gap until dinner
	});

	it('back-to-back dayparts change straight from one to the next', () => {
		const r = liveDaypart([breakfast, lunch], at('2026-06-01T10:59:59Z'), 'UTC');
		expect(r.daypart?.id).toBe('b');
		expect(iso(r.next_change_at)).toBe('2026-06-01T11:00:00.000Z');
		expect(r.next?.id).toBe('l');
		expect(liveDaypart([breakfast, lunch], at('2026-06-01T11:00:00Z'), 'UTC').daypart?.id).toBe(
			'l'
		);
	});

	it('between dayparts: none live, next change is the next start', () => {
		const r = liveDaypart([breakfast, lunch, dinner], at('2026-06-01T16:00:00Z'), 'UTC');
		expect(r.daypart).toBeNull();
		expect(iso(r.next_change_at)).toBe('2026-06-01T18:00:00.000Z');
		expect(r.next?.id).toBe('d');
	});

	it('the same instant resolves differently in different zones', () => {
		const t = at('2026-06-01T12:00:00Z');
		const ps = [breakfast, lunch, dinner];
		expect(liveDaypart(ps, t, 'UTC').daypart?.id).toBe('l'); // 12:00
		expect(liveDaypart(ps, t, 'America/Lima').daypart?.id).toBe('b'); // 07:00
		expect(liveDaypart(ps, t, 'Asia/Tokyo').daypart?.id).toBe('d'); // 21:00
		expect(liveDaypart(ps, t, 'Pacific/Auckland').daypart).toBeNull(); // 00:00
	});

	it('weekdays: a Monday-to-Friday lunch is not live on Saturday; next change is Monday', () => {
		const weekday = dp('wl', '11:00', '15:00', [1, 2, 3, 4, 5]);
		// 2026-06-06 is a Saturday.
		const r = liveDaypart([weekday], at('2026-06-06T12:00:00Z'), 'UTC');
		expect(r.daypart).toBeNull();
		expect(iso(r.next_change_at)).toBe('2026-06-08T11:00:00.000Z');
	});

	describe('past midnight (22:00–02:00 belongs to the day it started)', () => {
		const late = dp('late', '22:00', '02:00', [5]); // Fridays only
		it('runs from Friday 22:00 into Saturday 02:00', () => {
			// 2026-06-05 is a Friday.
			const r = liveDaypart([late], at('2026-06-06T01:30:00Z'), 'UTC');
			expect(r.daypart?.id).toBe('late');
			expect(iso(r.since)).toBe('2026-06-05T22:00:00.000Z');
			expect(iso(r.next_change_at)).toBe('2026-06-06T02:00:00.000Z');
		});
		it('is not live early on Friday (that would be Thursday’s)', () => {
			expect(liveDaypart([late], at('2026-06-05T01:30:00Z'), 'UTC').daypart).toBeNull();
		});
		it('in a zone west of UTC, the local Friday counts', () => {
			// Friday 23:00 in Lima = Saturday 04:00Z.
			expect(liveDaypart([late], at('2026-06-06T04:00:00Z'), 'America/Lima').daypart?.id).toBe(
				'late'
			);
		});
		it('equal start and end is a full day', () => {
			const allDay = dp('all', '05:00', '05:00', [1]);
			// Monday 2026-06-01 05:00 to Tuesday 05:00.
			expect(liveDaypart([allDay], at('2026-06-02T04:59:00Z'), 'UTC').daypart?.id).toBe('all');
			expect(liveDaypart([allDay], at('2026-06-02T05:00:00Z'), 'UTC').daypart).toBeNull();
		});
		it('an every-day 00:00–00:00 never changes', () => {
			const r = liveDaypart([dp('x', '00:00', '00:00')], at('2026-06-02T05:00:00Z'), 'UTC');
			expect(r.daypart?.id).toBe('x');
			expect(r.next_change_at).toBeNull();
		});
	});

	describe('DST days (America/New_York)', () => {
		it('spring forward: a 01:00–03:00 span lasts one real hour', () => {
			const night = dp('n', '01:00', '03:00');
			const s = spans([night], Date.UTC(2026, 2, 8, 12), 'America/New_York').find(
				(x) => new Date(x.start).toISOString() === '2026-03-08T06:00:00.000Z'
			)!;
			expect((s.end - s.start) / 3600_000).toBe(1);
		});
		it('fall back: a 01:00–03:00 span lasts three real hours', () => {
			const night = dp('n', '01:00', '03:00');
			const s = spans([night], Date.UTC(2026, 10, 1, 12), 'America/New_York').find(
				(x) => new Date(x.start).toISOString() === '2026-11-01T05:00:00.000Z'
			)!;
			expect((s.end - s.start) / 3600_000).toBe(3);
		});
		it('lunch keeps its local hours across the change (EST → EDT)', () => {
			const lunch = dp('l', '11:00', '15:00');
			// Saturday 2026-03-07 11:00 EST = 16:00Z; Sunday 2026-03-08 11:00 EDT = 15:00Z.
			const r = liveDaypart([lunch], at('2026-03-07T21:00:00Z'), 'America/New_York');
			expect(r.daypart).toBeNull();
			expect(iso(r.next_change_at)).toBe('2026-03-08T15:00:00.000Z');
		});
		it('a start inside the gap begins at the first instant after it', () => {
			const gap = dp('g', '02:30', '05:00');
			const r = liveDaypart([gap], at('2026-03-08T06:59:00Z'), 'America/New_York');
			expect(r.daypart).toBeNull();
			expect(iso(r.next_change_at)).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
		});
		it('late night across the fall-back hour', () => {
			const late = dp('late', '22:00', '02:00', [6]); // Saturday 2026-10-31
			const r = liveDaypart([late], at('2026-11-01T05:30:00Z'), 'America/New_York'); // 01:30 EDT
			expect(r.daypart?.id).toBe('late');
			// 02:00 EST = 07:00Z: five real hours from 22:00 EDT (02:00Z).
			expect(iso(r.next_change_at)).toBe('2026-11-01T07:00:00.000Z');
		});
	});

	describe('overlaps: the one that started most recently wins', () => {
		const dinner = dp('dinner', '17:00', '23:00');
		const happy = dp('happy', '18:00', '19:00');
		it('a daypart inside another takes over, then the outer one resumes', () => {
			const ps = [dinner, happy];
			const a = liveDaypart(ps, at('2026-06-01T17:30:00Z'), 'UTC');
			expect(a.daypart?.id).toBe('dinner');
			expect(iso(a.next_change_at)).toBe('2026-06-01T18:00:00.000Z');
			expect(a.next?.id).toBe('happy');
			const b = liveDaypart(ps, at('2026-06-01T18:30:00Z'), 'UTC');
			expect(b.daypart?.id).toBe('happy');
			expect(iso(b.next_change_at)).toBe('2026-06-01T19:00:00.000Z');
			expect(b.next?.id).toBe('dinner');
		});
		it('same start: the shorter wins; same span: by name, then id', () => {
			const long = dp('long', '18:00', '23:00');
			const short = dp('short', '18:00', '20:00');
			expect(liveDaypart([long, short], at('2026-06-01T18:10:00Z'), 'UTC').daypart?.id).toBe(
				'short'
			);
			const a = dp('z1', '18:00', '20:00', ALL, 'Alpha');
			const b = dp('a1', '18:00', '20:00', ALL, 'Beta');
			expect(liveDaypart([b, a], at('2026-06-01T18:10:00Z'), 'UTC').daypart?.id).toBe('z1');
		});
		it('a late-night span from yesterday loses to a breakfast that starts inside it', () => {
			const late = dp('late', '22:00', '08:00');
			const breakfast = dp('bf', '06:00', '11:00');
			expect(liveDaypart([late, breakfast], at('2026-06-02T07:00:00Z'), 'UTC').daypart?.id).toBe(
				'bf'
			);
		});
	});

	it('properties: the answer is independent of input order, and next_change_at is a real change', () => {
		const hhmm = fc
			.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
			.map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
		const rule = fc.record({
			id: fc.uuid(),
			name: fc.constantFrom('A', 'B', 'C'),
			days: fc.subarray(ALL, { minLength: 1 }),
			starts_at: hhmm,
			ends_at: hhmm
		});
		fc.assert(
			fc.property(
				fc.array(rule, { maxLength: 5 }),
				fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) }),
				fc.constantFrom('UTC', 'America/New_York', 'Europe/London', 'Asia/Kolkata'),
				(rules, t, tz) => {
					const r = liveDaypart(rules, t, tz);
					const rev = liveDaypart([...rules].reverse(), t, tz);
					expect(rev.daypart?.id).toBe(r.daypart?.id);
					expect(iso(rev.next_change_at)).toBe(iso(r.next_change_at));
					if (r.next_change_at) {
						const n = r.next_change_at.getTime();
						expect(n).toBeGreaterThan(t);
						// Just before the change, still the same; at it, the announced one.
						expect(liveDaypart(rules, n - 1, tz).daypart?.id).toBe(r.daypart?.id);
						expect(liveDaypart(rules, n, tz).daypart?.id ?? null).toBe(r.next?.id ?? null);
					}
				}
			),
			{ numRuns: 300 }
		);
	});

	it('beats is a strict order', () => {
		const s = (id: string, start: number, end: number) => ({
			daypart: dp(id, '00:00', '01:00'),
			start,
			end
		});
		expect(beats(s('a', 2, 5), s('b', 1, 5))).toBe(true);
		expect(beats(s('b', 1, 5), s('a', 2, 5))).toBe(false);
		expect(beats(s('a', 1, 3), s('a', 1, 3))).toBe(false);
	});
});
