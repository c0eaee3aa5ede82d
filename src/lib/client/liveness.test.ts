// The shared stream status model, on fake timers: connecting → live → stale → dropped and
// retried with backoff; and the SSE client's use of it with a fake EventSource.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Liveness, type StreamTimings } from './liveness.svelte';
import { SseClient } from './sse.svelte';

beforeEach(() => {
	vi.useFakeTimers();
});
afterEach(() => {
	vi.useRealTimers();
});

function liveness(timings: StreamTimings = {}, connect?: () => Promise<void>) {
	const log: string[] = [];
	const l = new Liveness(
		{ heartbeatMs: 1000, minBackoffMs: 100, maxBackoffMs: 800, ...timings },
		{
			connect: connect ?? (() => void log.push('connect')),
			drop: () => void log.push('drop'),
			random: () => 1 // the top of each jitter window, so the delays are exact
		}
	);
	return { l, log };
}

describe('Liveness', () => {
	it('is offline until started, connecting until the server speaks, then live', () => {
		const { l, log } = liveness();
		expect(l.status).toBe('offline');
		l.start();
		expect([l.status, log]).toEqual(['connecting', ['connect']]);
		l.opened();
		vi.advanceTimersByTime(10_000);
		expect(l.status).toBe('connecting'); // open but never heard: no stale/dead verdict yet
		l.heard();
		expect(l.status).toBe('live');
		l.stop();
		expect(l.status).toBe('offline');
		l.heard();
		expect(l.status).toBe('offline'); // a late message after stop changes nothing
	});

	it('goes stale after two silent heartbeats and drops the connection after four', () => {
		const { l, log } = liveness();
		l.start();
		l.heard();
		vi.advanceTimersByTime(1900);
		expect(l.status).toBe('live');
		vi.advanceTimersByTime(700); // 2.6 s silent: the watchdog looks every 0.5 s
		expect(l.status).toBe('stale');
		l.heard();
		expect(l.status).toBe('live');
		vi.advanceTimersByTime(4450); // 4 s silent, seen at the next look
		expect(log).toEqual(['connect', 'drop']);
		expect(l.status).toBe('offline');
		vi.advanceTimersByTime(100); // first retry after the smallest backoff
		expect(log).toEqual(['connect', 'drop', 'connect']);
		expect(l.status).toBe('connecting');
		l.stop();
	});

	it('honours a shorter stale threshold (the kitchen: 8 s on a 5 s heartbeat)', () => {
		const { l } = liveness({ heartbeatMs: 5000, staleAfterMs: 8000 });
		l.start();
		l.heard();
		vi.advanceTimersByTime(7900);
		expect(l.status).toBe('live');
		vi.advanceTimersByTime(1100); // noticed within a second of the threshold
		expect(l.status).toBe('stale');
		l.stop();
	});

	it('backs off exponentially up to the ceiling, and starts small again once heard', () => {
		const { l, log } = liveness();
		const at: number[] = [];
		const t0 = Date.now();
		l.start();
		for (let i = 0; i < 6; i++) {
			l.lost();
			expect(l.status).toBe('offline');
			const before = log.length;
			while (log.length === before) vi.advanceTimersByTime(10);
			at.push(Date.now() - t0);
		}
		const gaps = at.map((t, i) => t - (i ? at[i - 1] : 0));
		expect(gaps).toEqual([100, 200, 400, 800, 800, 800]);
		l.heard();
		l.lost();
		vi.advanceTimersByTime(100);
		expect(log.at(-1)).toBe('connect');
		expect(l.status).toBe('connecting');
		l.stop();
	});

	it('counts a connect that throws as lost, and halt() stops retrying', async () => {
		let fail = true;
		const { l } = liveness({}, async () => {
			if (fail) throw new Error('no url');
		});
		l.start();
		await vi.advanceTimersByTimeAsync(0);
		expect(l.status).toBe('offline');
		fail = false;
		await vi.advanceTimersByTimeAsync(100);
		expect(l.status).toBe('connecting');
		l.halt();
		expect(l.status).toBe('offline');
		await vi.advanceTimersByTimeAsync(60_000);
		expect(l.status).toBe('offline');
		l.stop();
	});
});

/** Just enough EventSource to drive the client. */
class FakeSource {
	static all: FakeSource[] = [];
	readyState = 0;
	closed = false;
	private listeners = new Map<string, ((ev: unknown) => void)[]>();
	constructor(readonly url: string) {
		FakeSource.all.push(this);
	}
	addEventListener(type: string, fn: (ev: unknown) => void) {
		this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
	}
	close() {
		this.closed = true;
		this.readyState = 2;
	}
	emit(type: string, data?: unknown) {
		for (const fn of this.listeners.get(type) ?? [])
			fn(data === undefined ? {} : { data: JSON.stringify(data) });
	}
}

describe('SseClient', () => {
	beforeEach(() => {
		FakeSource.all = [];
	});

	function client(onReset = async () => {}) {
		let seq = 0;
		const events: unknown[] = [];
		const c = new SseClient({
			url: () => `/events?since=${seq}`,
			events: ['order:created'],
			heartbeatMs: 1000,
			minBackoffMs: 100,
			maxBackoffMs: 100,
			onEvent: (e) => {
				events.push(e);
				seq = e.seq;
			},
			onReset,
			createSource: (url) => new FakeSource(url) as never
		});
		return { c, events, setSeq: (n: number) => (seq = n) };
	}

	it('delivers events, and shares the status model: connecting, live, stale, offline', async () => {
		const { c, events } = client();
		c.start();
		expect(c.status).toBe('connecting');
		const es = FakeSource.all[0];
		expect(es.url).toBe('/events?since=0');
		es.emit('hello');
		expect(c.status).toBe('live');
		es.emit('order:created', {
			channel: 'kitchen:l',
			seq: 4,
			type: 'order:created',
			payload: { x: 1 }
		});
		es.emit('order:updated', { seq: 5, payload: {} }); // not asked for
		expect(events).toEqual([{ type: 'order:created', seq: 4, payload: { x: 1 } }]);
		vi.advanceTimersByTime(2600);
		expect(c.status).toBe('stale');

		// The browser is reconnecting by itself: connecting, same source.
		es.emit('error');
		expect(c.status).toBe('connecting');
		es.emit('open');
		expect(c.status).toBe('live');

		// Refused: the browser gave up, so the client retries, resuming from the last seq.
		es.readyState = 2;
		es.emit('error');
		expect(c.status).toBe('offline');
		await vi.advanceTimersByTimeAsync(100);
		expect(FakeSource.all.map((s) => s.url)).toEqual(['/events?since=0', '/events?since=4']);
		expect(c.status).toBe('connecting');
		c.stop();
		expect(FakeSource.all[1].closed).toBe(true);
		expect(c.status).toBe('offline');
	});

	it('replaces a silent stream, and reconnects from the reloaded snapshot after a reset', async () => {
		let reload!: () => void;
		const { c, setSeq } = client(() => new Promise<void>((r) => (reload = r)));
		c.start();
		FakeSource.all[0].emit('heartbeat');
		vi.advanceTimersByTime(4600);
		expect(FakeSource.all[0].closed).toBe(true);
		await vi.advanceTimersByTimeAsync(100);
		const second = FakeSource.all[1];
		second.emit('reset');
		expect(FakeSource.all).toHaveLength(2); // waits for the snapshot
		setSeq(40);
		reload();
		await vi.advanceTimersByTimeAsync(0);
		expect(second.closed).toBe(true);
		expect(FakeSource.all.map((s) => s.url).at(-1)).toBe('/events?since=40');
		c.stop();
	});
});
