// Server-Sent Events over one outbox channel. Resumable: the client's Last-Event-ID (or
// ?since=) is the last seq it saw; it gets every later event in order, or `reset` when those
// events are no longer retained (reload a snapshot). Heartbeats carry the current seq so the
// client can tell a quiet stream from a dead one.
import type { Db } from '../db/index';
import { config } from '../config';
import { head, read, type EventRow } from './outbox';
import { bus } from './bus';
import { sseEventFrame, sseFrame } from '../../shared/protocol';

export interface SseOptions {
	/** `event: heartbeat` interval (client shows "stale" after missing ~2). */
	heartbeatMs?: number;
	/** `: keepalive` comment interval, for proxies. */
	keepaliveMs?: number;
	/** Called periodically; returning false ends the stream (e.g. the session was revoked). */
	stillAllowed?: () => Promise<boolean>;
	recheckMs?: number;
	/** Close the stream after this long (the client resumes); 0 = never. */
	maxAgeMs?: number;
	/** Close the stream right after delivering an event for which this is true. */
	endAfter?: (e: EventRow) => boolean;
	/** The wake-ups (tests); the process's event bus otherwise. */
	bus?: { subscribe(channel: string, wake: () => void): () => void };
}

const enc = new TextEncoder();

/** Parses Last-Event-ID / ?since=: a non-negative integer, else null (start fresh). */
export function parseSince(value: string | null | undefined): number | null {
	if (value == null || value === '') return null;
	if (!/^\d{1,15}$/.test(value.trim())) return null;
	return Number(value.trim());
}

/** Where to start: replay from `since`, or tell the client to reset to the head. */
export function startPoint(
	since: number | null,
	h: { last: number; oldest: number | null }
): { kind: 'hello' | 'reset' | 'resume'; seq: number } {
	if (since === null) return { kind: 'hello', seq: h.last };
	if (since > h.last) return { kind: 'reset', seq: h.last };
	if (since === h.last) return { kind: 'resume', seq: since };
	// Events since+1 .. last must all still be retained.
	if (h.oldest === null || h.oldest > since + 1) return { kind: 'reset', seq: h.last };
	return { kind: 'resume', seq: since };
}

export function channelStream(
	db: Db,
	channel: string,
	since: number | null,
	opts: SseOptions = {}
) {
	const heartbeatMs = opts.heartbeatMs ?? config.sseHeartbeatMs;
	const keepaliveMs = opts.keepaliveMs ?? 15_000;
	// Null until the start point is known: a wake-up that comes in before then must not read
	// from 0 (it would replay the channel's whole history); the first drain after it covers it.
	let last: number | null = null;
	let closed = false;
	let draining: Promise<void> | null = null;
	let again = false;
	const cleanups: (() => void)[] = [];

	return new ReadableStream<Uint8Array>({
		async start(controller) {
			const send = (text: string) => {
				if (closed) return;
				try {
					controller.enqueue(enc.encode(text));
				} catch {
					stop();
				}
			};
			const stop = () => {
				if (closed) return;
				closed = true;
				for (const c of cleanups) c();
				try {
					controller.close();
				} catch {
					/* already closed */
				}
			};
			const drain = async () => {
				// One drain at a time; a wake-up during a drain schedules one more pass.
				if (draining) {
					again = true;
					return draining;
				}
				if (last === null) return;
				draining = (async () => {
					do {
						again = false;
						let rows: EventRow[];
						do {
							rows = await read(db, channel, last!, 500);
							for (const r of rows) {
								send(sseEventFrame(r));
								last = r.seq;
								if (opts.endAfter?.(r)) stop();
							}
						} while (rows.length === 500 && !closed);
					} while (again && !closed);
				})()
					.catch((e) => {
						console.warn(`sse ${channel}: read failed:`, (e as Error).message);
					})
					.finally(() => {
						draining = null;
					});
				return draining;
			};

			send('retry: 2000\n\n');
			const b = opts.bus ?? (await bus());
			// Subscribe before reading the head so nothing committed in between is missed.
			cleanups.push(b.subscribe(channel, () => void drain()));
			const point = startPoint(since, await head(db, channel));
			last = point.seq;
			if (point.kind !== 'resume') {
				send(sseFrame({ event: point.kind, data: { channel, seq: point.seq } }));
			}
			await drain();

			const hb = setInterval(() => {
				send(sseFrame({ event: 'heartbeat', data: { channel, seq: last ?? point.seq } }));
			}, heartbeatMs);
			const ka = setInterval(() => send(': keepalive\n\n'), keepaliveMs);
			cleanups.push(
				() => clearInterval(hb),
				() => clearInterval(ka)
			);
			// Streams end after a while so long-lived clients spread over restarted or added
			// web processes; EventSource reconnects with Last-Event-ID and misses nothing.
			const maxAge = opts.maxAgeMs ?? config.sseMaxAgeMs;
			if (maxAge > 0) {
				const t = setTimeout(stop, maxAge);
				cleanups.push(() => clearTimeout(t));
			}
			if (opts.stillAllowed) {
				const check = setInterval(async () => {
					if (!(await opts.stillAllowed!().catch(() => true))) stop();
				}, opts.recheckMs ?? 60_000);
				cleanups.push(() => clearInterval(check));
			}
		},
		cancel() {
			closed = true;
			for (const c of cleanups) c();
		}
	});
}

export function sseResponse(stream: ReadableStream<Uint8Array>): Response {
	return new Response(stream, {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-store',
			connection: 'keep-alive',
			'x-accel-buffering': 'no'
		}
	});
}
