import { describe, expect, it } from 'vitest';
import { parseSince, startPoint } from './sse';

describe('parseSince', () => {
	it('accepts non-negative integers only', () => {
		expect(parseSince('12')).toBe(12);
		expect(parseSince(' 0 ')).toBe(0);
		expect(parseSince(null)).toBeNull();
		expect(parseSince('')).toBeNull();
		expect(parseSince('-1')).toBeNull();
		expect(parseSince('1e3')).toBeNull();
		expect(parseSince('abc')).toBeNull();
	});
});

describe('startPoint', () => {
	it('says hello at the head without since', () => {
		expect(startPoint(null, { last: 7, oldest: 1 })).toEqual({ kind: 'hello', seq: 7 });
	});
	it('resumes when every later event is retained', () => {
		expect(startPoint(3, { last: 7, oldest: 1 })).toEqual({ kind: 'resume', seq: 3 });
		expect(startPoint(3, { last: 7, oldest: 4 })).toEqual({ kind: 'resume', seq: 3 });
		expect(startPoint(7, { last: 7, oldest: null })).toEqual({ kind: 'resume', seq: 7 });
		expect(startPoint(0, { last: 0, oldest: null })).toEqual({ kind: 'resume', seq: 0 });
	});
	it('resets when events after since were pruned, or since is from another timeline', () => {
		expect(startPoint(3, { last: 7, oldest: 5 })).toEqual({ kind: 'reset', seq: 7 });
		expect(startPoint(3, { last: 7, oldest: null })).toEqual({ kind: 'reset', seq: 7 });
		expect(startPoint(9, { last: 7, oldest: 1 })).toEqual({ kind: 'reset', seq: 7 });
	});
});
