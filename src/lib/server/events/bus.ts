// Per-process wake-up bus for the outbox. Subscribers are told "this channel may have new
// events" and read them themselves from the outbox (read(db, channel, lastSeq)), so a missed
// or duplicated wake-up can never lose or repeat an event.
//   real Postgres: LISTEN/NOTIFY (NOTIFY is sent at commit by emit()), plus a slow safety poll
//   embedded PGlite: NOTIFY does not cross pglite-socket connections, so poll event_channels
import type { Sql } from '../db/index';
import { db } from '../db/index';
import { config } from '../config';
import { NOTIFY_CHANNEL } from './outbox';

type Wake = () => void;

export interface BusOptions {
	/** Use LISTEN/NOTIFY (false on embedded PGlite). */
	notify: boolean;
	/** Poll interval: the wake-up path on PGlite, a safety net on Postgres. */
	pollMs: number;
	/** Poll interval when NOTIFY turns out not to work. */
	fastPollMs: number;
}

export class EventBus {
	private subs = new Map<string, Set<Wake>>();
	private seen = new Map<string, number>();
	private timer: ReturnType<typeof setInterval> | undefined;
	private unlisten: (() => Promise<void>) | undefined;
	private polling = false;
	private closed = false;

	constructor(
		private sql: Sql,
		private options: BusOptions
	) {}

	async start(): Promise<void> {
		let pollMs = this.options.pollMs;
		if (this.options.notify) {
			let probe = '';
			let probed: () => void = () => {};
			const heard = new Promise<void>((r) => (probed = r));
			const sub = await this.sql.listen(
				NOTIFY_CHANNEL,
				(payload) => {
					if (payload === probe) return probed();
					this.wake(payload.slice(0, payload.lastIndexOf(' ')));
				},
				// Called on every (re)connect of the LISTEN connection: anything committed while it
				// was down produced no notification we could see, so everyone re-reads.
				() => this.wakeAll()
			);
			this.unlisten = sub.unlisten;
			// NOTIFY does not cross connections on every server (embedded PGlite behind
			// pglite-socket): send one from another connection and fall back to fast polling
			// if it never arrives.
			probe = `__probe__ ${Math.random()}`;
			await this.sql`select pg_notify(${NOTIFY_CHANNEL}, ${probe})`;
			const ok = await Promise.race([
				heard.then(() => true),
				new Promise<boolean>((r) => setTimeout(() => r(false), 1500))
			]);
			if (!ok) {
				console.warn(
					'event bus: LISTEN/NOTIFY does not reach this process; polling the outbox instead'
				);
				pollMs = this.options.fastPollMs;
			}
		}
		this.timer = setInterval(() => void this.poll(), pollMs);
		this.timer.unref?.();
	}

	subscribe(channel: string, wake: Wake): () => void {
		let set = this.subs.get(channel);
		if (!set) this.subs.set(channel, (set = new Set()));
		set.add(wake);
		return () => {
			set.delete(wake);
			if (set.size === 0) {
				this.subs.delete(channel);
				this.seen.delete(channel);
			}
		};
	}

	/** Channels with at least one subscriber (the sidecar uses this for fan-out). */
	channels(): string[] {
		return [...this.subs.keys()];
	}

	private wake(channel: string) {
		for (const fn of this.subs.get(channel) ?? []) {
			try {
				fn();
			} catch (e) {
				console.error('event bus subscriber failed', e);
			}
		}
	}

	private wakeAll() {
		for (const channel of this.subs.keys()) this.wake(channel);
	}

	private async poll() {
		if (this.polling || this.closed || this.subs.size === 0) return;
		this.polling = true;
		try {
			const rows = await this.sql<{ channel: string; last_seq: number }[]>`
				select channel, last_seq from event_channels where channel = any(${this.channels()})`;
			for (const r of rows) {
				if (r.last_seq !== this.seen.get(r.channel)) {
					this.seen.set(r.channel, r.last_seq);
					this.wake(r.channel);
				}
			}
		} catch (e) {
			// The database may be restarting; the next tick retries.
			if (!this.closed) console.warn('event bus poll failed:', (e as Error).message);
		} finally {
			this.polling = false;
		}
	}

	async close(): Promise<void> {
		this.closed = true;
		clearInterval(this.timer);
		await this.unlisten?.().catch(() => {});
		this.subs.clear();
	}
}

let shared: EventBus | undefined;
let starting: Promise<EventBus> | undefined;

/** The process-wide bus on the shared pool, started on first use. */
export function bus(): Promise<EventBus> {
	if (shared) return Promise.resolve(shared);
	starting ??= (async () => {
		const b = new EventBus(db(), {
			notify: !config.embedded,
			pollMs: config.eventPollMs,
			fastPollMs: 100
		});
		await b.start();
		shared = b;
		return b;
	})();
	return starting;
}
