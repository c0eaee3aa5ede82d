// The status model every live stream in the browser shares (the realtime sidecar's WebSocket,
// the kitchen's SSE): `connecting | live | stale | offline`, exponential backoff with jitter
// between attempts, `stale` once the server has been silent too long, and a drop-and-reconnect
// when a connection stays silent (half-open: laptop lid, NAT timeout). The transport tells it
// what happened; it decides the status and when to try again.

export type StreamStatus = 'connecting' | 'live' | 'stale' | 'offline';

/** A stream's clock; both clients take these in their options. */
export interface StreamTimings {
	/** The server's heartbeat interval (default 5 s). */
	heartbeatMs?: number;
	/** Silent this long while live: `stale` (default two heartbeats). */
	staleAfterMs?: number;
	/** Silent this long: the connection is presumed dead and replaced (default four heartbeats). */
	deadAfterMs?: number;
	minBackoffMs?: number;
	maxBackoffMs?: number;
}

/** What the transport does for liveness. */
export interface StreamTransport {
	/** Open a new connection (the first one, and every retry). */
	connect: () => void | Promise<void>;
	/** Close the current connection without reporting it lost (liveness reconnects itself). */
	drop: () => void;
	/** Random in [0, 1), for the jitter; tests pass a fixed one. */
	random?: () => number;
}

export class Liveness {
	status: StreamStatus = $state('offline');
	private attempt = 0;
	private lastHeard = 0;
	private retry: ReturnType<typeof setTimeout> | undefined;
	private watchdog: ReturnType<typeof setInterval> | undefined;
	private stopped = true;

	private readonly hb: number;

	constructor(
		private timings: StreamTimings,
		private transport: StreamTransport
	) {
		this.hb = timings.heartbeatMs ?? 5000;
	}

	get running(): boolean {
		return !this.stopped;
	}

	private get staleAfter() {
		return this.timings.staleAfterMs ?? 2 * this.hb;
	}

	start() {
		if (!this.stopped) return;
		this.stopped = false;
		// Often enough that `stale` shows within a second of its threshold.
		const every = Math.max(250, Math.min(1000, this.staleAfter / 4));
		this.watchdog = setInterval(() => this.check(), every);
		if (typeof window !== 'undefined') window.addEventListener('online', this.onOnline);
		void this.open();
	}

	stop() {
		this.stopped = true;
		clearTimeout(this.retry);
		clearInterval(this.watchdog);
		if (typeof window !== 'undefined') window.removeEventListener('online', this.onOnline);
		this.status = 'offline';
	}

	/** A connection attempt is under way (a retry the transport makes by itself, too). */
	connecting() {
		if (this.stopped) return;
		this.status = 'connecting';
	}

	/** The connection is open: the silence clock starts, but it is not live until heard. */
	opened() {
		this.lastHeard = Date.now();
	}

	/** The server spoke (hello, heartbeat, event): live, and the next retry starts small. */
	heard() {
		if (this.stopped) return;
		this.lastHeard = Date.now();
		this.attempt = 0;
		this.status = 'live';
	}

	/** The connection is gone: offline until the backoff has passed, then connect again. */
	lost() {
		if (this.stopped) return;
		this.status = 'offline';
		const min = this.timings.minBackoffMs ?? 500;
		const max = this.timings.maxBackoffMs ?? 30_000;
		const ceiling = Math.min(max, min * 2 ** this.attempt++);
		// "Equal jitter": at least half the ceiling, so a restarted server is not stampeded.
		const delay = ceiling / 2 + (this.transport.random ?? Math.random)() * (ceiling / 2);
		clearTimeout(this.retry);
		this.retry = setTimeout(() => void this.open(), delay);
	}

	/** Replace the connection now (e.g. to resume from a reloaded snapshot), no backoff. */
	reconnect() {
		if (this.stopped) return;
		clearTimeout(this.retry);
		void this.open();
	}

	/** Gone for good until something changes (e.g. refused credentials): no retry. */
	halt() {
		clearTimeout(this.retry);
		this.status = 'offline';
	}

	private async open() {
		if (this.stopped) return;
		this.status = 'connecting';
		try {
			await this.transport.connect();
		} catch {
			this.lost();
		}
	}

	private onOnline = () => {
		// The network is back: do not sit out the rest of a long backoff.
		if (this.status === 'offline') this.reconnect();
	};

	private check() {
		if (this.status === 'connecting' || this.status === 'offline') return;
		const silent = Date.now() - this.lastHeard;
		if (silent > this.staleAfter) this.status = 'stale';
		if (silent > (this.timings.deadAfterMs ?? 4 * this.hb)) {
			this.transport.drop();
			this.lost();
		}
	}
}
