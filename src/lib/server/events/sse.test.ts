import { describe, expect, it } from 'vitest';
import type { Db } from '../db/index';
import { channelStream, parseSince, startPoint } from './sse';

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

describe('channelStream', () => {
	// A database that answers head and read from memory, slowly, as a loaded server does.
	const history = Array.from({ length: 10 }, (_, i) => ({
		channel: 'kitchen:x',
		seq: i + 1,
		type: 'test:event',
		payload: { n: i + 1 },
		created_at: new Date(0)
	}));
	const slowDb = ((strings: TemplateStringsArray, ...values: unknown[]) => {
		const q = strings.join('?');
		return new Promise((r) => setTimeout(r, 20)).then(() => {
			if (q.includes('last_seq')) return [{ last: 10, oldest: 1 }];
			const since = values[1] as number;
			return history.filter((e) => e.seq > since).slice(0, values[2] as number);
		});
	}) as unknown as Db;

	it('a wake-up before the start point is known replays nothing the client already has', async () => {
		// The bus wakes the stream at once (another writer committed just then).
		const wakeAtOnce = {
			subscribe: (_ch: string, wake: () => void) => {
				wake();
				return () => {};
			}
		};
		const stream = channelStream(slowDb, 'kitchen:x', 8, {
			bus: wakeAtOnce,
			heartbeatMs: 60_000,
			keepaliveMs: 60_000,
			maxAgeMs: 0
		});
		const reader = stream.getReader();
		let text = '';
		const until = Date.now() + 2000;
		while (Date.now() < until && !text.includes('id: 10\n')) {
			const { value, done } = await Promise.race([
				reader.read(),
				new Promise<{ value: undefined; done: true }>((r) =>
					setTimeout(() => r({ value: undefined, done: true }), 500)
				)
			]);
			if (done) break;
			text += new TextDecoder().decode(value);
		}
		await reader.cancel();
		const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
		expect(ids).toEqual([9, 10]);
	});
});
