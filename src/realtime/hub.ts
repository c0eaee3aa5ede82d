// Channel fan-out, independent of the socket library (the uWebSockets.js sidecar and the plain
// `ws` benchmark baseline share it). One outbox read per channel wake-up is serialized once
// and shared by every socket on that channel (uWS: one native publish to a topic). A socket
// that subscribes with `since` first catches up on its own, exactly up to the channel's shared
// cursor, then joins the shared stream in the same tick: no gap, no duplicate.
import type { Db } from '../lib/server/db/index';
import { head, read, type EventRow } from '../lib/server/events/outbox';
import { startPoint } from '../lib/server/events/sse';
import { mayRead, recheck, UNAUTHORIZED, type Principal } from './auth';
import { wsEventFrame, wsFrame } from '../lib/shared/protocol';

export interface Conn {
	/** Sends a text frame; false when it was not accepted (closed or over the backpressure limit). */
	send(text: string): boolean;
	/** Bytes queued in user space/kernel waiting for the client. */
	buffered(): number;
	close(code: number, reason: string): void;
	/** Runs several sends as one write (uWS cork); optional. */
	cork?(fn: () => void): void;
	/** Native topic membership (uWS pub/sub), used with HubOptions.publish. */
	subscribe?(topic: string): void;
	unsubscribe?(topic: string): void;
}

export interface Bus {
	subscribe(channel: string, wake: () => void): () => void;
}

export interface HubOptions {
	heartbeatMs: number;
	/** A socket with more than this many bytes queued is closed (it resumes with since). */
	maxBuffered: number;
	/** Auth re-check interval per socket. */
	recheckMs: number;
	batch: number;
	/** Native fan-out to every socket subscribed to a topic (uWS app.publish); else a JS loop. */
	publish?: (topic: string, text: string) => void;
}

/** Close code for a consumer too slow to keep up; it reconnects and resumes with since. */
export const SLOW_CONSUMER = 4008;
/** Close code for a socket that subscribes too often or to too many channels at once. */
export const SUBSCRIBE_LIMIT = 4029;
/** Channels one socket may hold at once (a screen needs a handful). */
export const MAX_CHANNELS = 64;
/** Subscribe frames a socket may send at once, then SUBSCRIBE_RATE per second: each one costs
 * database reads, so a flood from a few sockets would delay everyone's live events. */
export const SUBSCRIBE_BURST = 64;
export const SUBSCRIBE_RATE = 10;

const HEARTBEAT_SLICES = 10;

export class Client {
	/** Which heartbeat slice this socket belongs to. */
	slice = Math.floor(Math.random() * HEARTBEAT_SLICES);
	/** channel → last seq delivered while catching up (-1: setting up); live sockets follow the
	 * channel cursor. */
	subs = new Map<string, number>();
	closed = false;
	nextCheck: number;
	/** Token bucket for subscribe frames. */
	private tokens = SUBSCRIBE_BURST;
	private filledAt = Date.now();
	constructor(
		public conn: Conn,
		public principal: Principal,
		recheckMs: number
	) {
		// Spread re-checks so thousands of sockets opened together are not checked together.
		this.nextCheck = Date.now() + recheckMs * (0.5 + Math.random() / 2);
	}

	/** Takes one subscribe from the bucket; false when the socket is over its rate. */
	takeSubscribe(now = Date.now()): boolean {
		this.tokens = Math.min(
			SUBSCRIBE_BURST,
			this.tokens + ((now - this.filledAt) / 1000) * SUBSCRIBE_RATE
		);
		this.filledAt = now;
		if (this.tokens < 1) return false;
		this.tokens--;
		return true;
	}
}

class Channel {
	live = new Set<Client>();
	refs = 0;
	cursor = 0;
	ready: Promise<void>;
	unsubscribe: () => void = () => {};
	draining: Promise<void> | null = null;
	again = false;
	/** Setting up failed (database down): the next subscriber starts a fresh one. */
	failed = false;
	constructor(
		public name: string,
		init: (c: Channel) => Promise<void>
	) {
		this.ready = init(this);
	}
}

export class Hub {
	private channels = new Map<string, Channel>();
	readonly clients = new Set<Client>();
	private timers: ReturnType<typeof setInterval>[] = [];
	private checking = false;
	/** Events written to sockets (for metrics / the benchmark). */
	delivered = 0;

	constructor(
		private db: Db,
		private bus: Bus,
		private opts: HubOptions
	) {
		// Heartbeats go out in HEARTBEAT_SLICES slices spread over the interval: one loop over
		// 10,000 sockets would block the event loop (and live events) for tens of ms.
		this.timers.push(setInterval(() => this.heartbeat(), opts.heartbeatMs / HEARTBEAT_SLICES));
		this.timers.push(setInterval(() => void this.recheckDue(), Math.min(5000, opts.recheckMs)));
		for (const t of this.timers) t.unref?.();
	}

	open(conn: Conn, principal: Principal | null): Client | null {
		if (!principal) {
			conn.close(UNAUTHORIZED, 'unauthorized');
			return null;
		}
		const c = new Client(conn, principal, this.opts.recheckMs);
		this.clients.add(c);
		return c;
	}

	closed(c: Client) {
		if (c.closed) return;
		c.closed = true;
		this.clients.delete(c);
		for (const ch of [...c.subs.keys()]) this.drop(c, ch);
	}

	message(c: Client, text: string) {
		if (c.closed) return; // frames already read from a socket that was just closed
		let msg: { type?: unknown; channel?: unknown; since?: unknown };
		try {
			msg = JSON.parse(text);
		} catch {
			return this.error(c, 'bad_message', 'Messages are JSON objects');
		}
		if (typeof msg?.channel !== 'string' || msg.channel.length > 100) {
			return this.error(c, 'bad_message', 'channel must be a string');
		}
		if (msg.type === 'subscribe') {
			const since =
				msg.since === undefined || msg.since === null
					? null
					: Number.isSafeInteger(msg.since) && (msg.since as number) >= 0
						? (msg.since as number)
						: NaN;
			if (Number.isNaN(since)) {
				return this.error(c, 'bad_message', 'since must be a non-negative integer', msg.channel);
			}
			if (!c.takeSubscribe()) return this.kick(c, SUBSCRIBE_LIMIT, 'too many subscribes');
			if (!c.subs.has(msg.channel) && c.subs.size >= MAX_CHANNELS) {
				return this.kick(c, SUBSCRIBE_LIMIT, 'too many channels');
			}
			void this.subscribe(c, msg.channel, since).catch((e) => {
				console.warn(`realtime: subscribe ${msg.channel} failed:`, (e as Error).message);
				this.drop(c, msg.channel as string);
				this.error(c, 'unavailable', 'Could not subscribe; retry', msg.channel as string);
			});
		} else if (msg.type === 'unsubscribe') {
			this.drop(c, msg.channel);
		} else {
			this.error(c, 'bad_message', 'type must be subscribe or unsubscribe');
		}
	}

	private error(c: Client, code: string, message: string, channel?: string) {
		this.send(c, wsFrame({ type: 'error', code, message, channel }));
	}

	private send(c: Client, text: string): boolean {
		if (c.closed) return false;
		if (c.conn.buffered() > this.opts.maxBuffered || !c.conn.send(text)) {
			this.kick(c, SLOW_CONSUMER, 'slow consumer');
			return false;
		}
		return true;
	}

	private kick(c: Client, code: number, reason: string) {
		if (c.closed) return;
		this.closed(c);
		try {
			c.conn.close(code, reason);
		} catch {
			/* already gone */
		}
	}

	private channel(name: string): Channel {
		let ch = this.channels.get(name);
		if (!ch || ch.failed) {
			ch = new Channel(name, async (self) => {
				// Subscribe before reading the head: nothing committed in between is missed.
				self.unsubscribe = this.bus.subscribe(name, () => void this.drain(self));
				self.cursor = (await head(this.db, name)).last;
			});
			this.channels.set(name, ch);
			const created = ch;
			ch.ready.catch(() => {
				created.failed = true;
				created.unsubscribe();
			});
		}
		return ch;
	}

	private release(ch: Channel) {
		if (ch.refs > 0 || this.channels.get(ch.name) !== ch) return;
		this.channels.delete(ch.name);
		ch.unsubscribe();
	}

	private drop(c: Client, name: string) {
		if (!c.subs.has(name)) return;
		c.subs.delete(name);
		const ch = this.channels.get(name);
		if (!ch) return;
		if (ch.live.delete(c)) c.conn.unsubscribe?.(name);
		ch.refs--;
		this.release(ch);
	}

	private async subscribe(c: Client, name: string, since: number | null) {
		if (!mayRead(c.principal, name)) {
			return this.error(c, 'forbidden', 'You may not read this channel', name);
		}
		if (c.subs.has(name)) this.drop(c, name);
		c.subs.set(name, -1);
		const ch = this.channel(name);
		ch.refs++;
		try {
			await ch.ready;
		} catch (e) {
			ch.refs--;
			if (c.subs.get(name) === -1) c.subs.delete(name);
			if (this.channels.get(name) === ch && ch.refs === 0) this.channels.delete(name);
			throw e;
		}
		const h = await head(this.db, name);
		if (c.subs.get(name) !== -1 || c.closed) return; // unsubscribed meanwhile
		const point = startPoint(since, h);
		if (point.kind === 'reset') {
			this.send(c, wsFrame({ type: 'reset', channel: name, seq: point.seq }));
		}
		let last = point.seq;
		c.subs.set(name, last);
		this.send(c, wsFrame({ type: 'subscribed', channel: name, seq: last }));
		// Catch up alone, never past the shared cursor, then join when exactly level with it.
		for (;;) {
			if (last === ch.cursor) break;
			if (last > ch.cursor) {
				// This sidecar has not read as far as the client has seen (another sidecar, or the
				// head read above): advance the shared stream first.
				const before = ch.cursor;
				await this.drain(ch);
				if (c.closed || c.subs.get(name) !== last) return;
				if (ch.cursor === before) throw new Error(`${name}: cursor did not advance`);
				continue;
			}
			const rows = await read(this.db, name, last, Math.min(this.opts.batch, ch.cursor - last));
			if (c.closed || c.subs.get(name) !== last) return;
			if (rows.length === 0) throw new Error(`${name}: events ${last + 1}.. are gone`);
			const frames = rows.map(wsEventFrame);
			this.write(c, frames);
			if (c.closed) return;
			last = rows[rows.length - 1].seq;
			c.subs.set(name, last);
			this.delivered += rows.length;
			await this.whenDrained(c);
			if (c.closed || c.subs.get(name) !== last) return;
		}
		ch.live.add(c);
		c.conn.subscribe?.(name);
	}

	private write(c: Client, frames: string[]) {
		const all = () => {
			for (const f of frames) if (!this.send(c, f)) return;
		};
		if (c.conn.cork) c.conn.cork(all);
		else all();
	}

	/** During a long replay, wait for the socket to drain rather than queue without bound. */
	private async whenDrained(c: Client) {
		const until = Date.now() + 10_000;
		while (!c.closed && c.conn.buffered() > this.opts.maxBuffered / 4) {
			if (Date.now() > until) return this.kick(c, SLOW_CONSUMER, 'slow consumer');
			await new Promise((r) => setTimeout(r, 20));
		}
	}

	private drain(ch: Channel): Promise<void> {
		if (ch.draining) {
			ch.again = true;
			return ch.draining;
		}
		ch.draining = (async () => {
			await ch.ready;
			do {
				ch.again = false;
				let rows: EventRow[];
				do {
					rows = await read(this.db, ch.name, ch.cursor, this.opts.batch);
					if (rows.length) this.fanOut(ch, rows);
				} while (rows.length === this.opts.batch && this.channels.get(ch.name) === ch);
			} while (ch.again && this.channels.get(ch.name) === ch);
		})()
			.catch((e) => {
				// The database may be restarting; the bus's next wake-up or poll retries.
				console.warn(`realtime: read ${ch.name} failed:`, (e as Error).message);
			})
			.finally(() => {
				ch.draining = null;
			});
		return ch.draining;
	}

	private fanOut(ch: Channel, rows: EventRow[]) {
		const frames = rows.map(wsEventFrame);
		// Live sockets are exactly at the cursor (they join only when level with it).
		ch.cursor = rows[rows.length - 1].seq;
		this.delivered += rows.length * ch.live.size;
		if (this.opts.publish) {
			// A socket over maxBuffered is closed here with 4008, at least every maxBuffered/4 bytes
			// published, before uWS's own hard ceiling (maxBackpressure, set well above) would drop
			// it without a close frame (1006).
			let unchecked = 0;
			for (const f of frames) {
				this.opts.publish(ch.name, f);
				unchecked += f.length;
				if (unchecked >= this.opts.maxBuffered / 4) {
					this.closeSlow(ch);
					unchecked = 0;
				}
			}
			if (unchecked) this.closeSlow(ch);
			return;
		}
		for (const c of ch.live) this.write(c, frames);
	}

	private closeSlow(ch: Channel) {
		const slow: Client[] = [];
		for (const c of ch.live) if (c.conn.buffered() > this.opts.maxBuffered) slow.push(c);
		for (const c of slow) this.kick(c, SLOW_CONSUMER, 'slow consumer');
	}

	private tick = 0;

	private heartbeat() {
		const slice = this.tick++ % HEARTBEAT_SLICES;
		for (const c of this.clients) {
			if (c.slice !== slice) continue;
			const seqs: Record<string, number> = {};
			for (const [name, last] of c.subs) {
				seqs[name] = Math.max(last, this.channels.get(name)?.cursor ?? 0);
			}
			this.send(c, wsFrame({ type: 'heartbeat', seqs }));
		}
	}

	private async recheckDue() {
		if (this.checking) return;
		this.checking = true;
		try {
			const now = Date.now();
			const due = [...this.clients].filter((c) => c.nextCheck <= now);
			for (let i = 0; i < due.length; i += 50) {
				await Promise.all(
					due.slice(i, i + 50).map(async (c) => {
						c.nextCheck = Date.now() + this.opts.recheckMs;
						let p: Principal | null;
						try {
							p = await recheck(this.db, c.principal);
						} catch {
							return; // database trouble is not the client's fault; try next round
						}
						if (!p) return this.kick(c, UNAUTHORIZED, 'unauthorized');
						c.principal = p;
						for (const name of [...c.subs.keys()]) {
							if (!mayRead(p, name)) {
								this.drop(c, name);
								this.error(c, 'forbidden', 'You may no longer read this channel', name);
							}
						}
					})
				);
			}
			// A diner token expiring between re-checks still closes on time.
			for (const c of this.clients) {
				if (c.principal.kind === 'diner' && now >= c.principal.expiresAt) {
					this.kick(c, UNAUTHORIZED, 'token expired');
				}
			}
		} finally {
			this.checking = false;
		}
	}

	/** Sockets, live channels and the process's memory, for /healthz-style metrics. */
	stats() {
		const m = process.memoryUsage();
		return {
			sockets: this.clients.size,
			channels: this.channels.size,
			delivered: this.delivered,
			rss: m.rss,
			heapUsed: m.heapUsed,
			heapTotal: m.heapTotal
		};
	}

	stop() {
		for (const t of this.timers) clearInterval(t);
		for (const ch of this.channels.values()) ch.unsubscribe();
		this.channels.clear();
	}
}
