// Browser client for one outbox channel over Server-Sent Events (src/lib/server/events/sse.ts),
// with the same status model as the realtime sidecar's client ($lib/client/liveness). The
// browser reconnects a dropped stream by itself (sending Last-Event-ID); when it gives up (the
// stream was refused) or the stream goes silent, this client opens a new one from `url()`,
// which resumes from whatever the caller holds by then.
import { Liveness, type StreamStatus, type StreamTimings } from './liveness.svelte';

export interface StreamEvent<T extends string = string> {
	type: T;
	seq: number;
	payload: unknown;
}

type Source = Pick<EventSource, 'addEventListener' | 'close' | 'readyState'>;

/** `heartbeatMs` is the server's SSE_HEARTBEAT_MS. */
export interface SseOptions<T extends string> extends StreamTimings {
	/** The stream URL for each new connection, e.g. `…/events?since=${seqYouHold}`. */
	url: () => string;
	/** Event types to deliver to onEvent. */
	events: readonly T[];
	onEvent: (e: StreamEvent<T>) => void;
	/** The events after what you hold are gone: reload a snapshot; a new stream follows it. */
	onReset: () => Promise<unknown>;
	/** For tests outside a browser. */
	createSource?: (url: string) => Source;
}

const CLOSED = 2; // EventSource.CLOSED, which Node has no global for

export class SseClient<T extends string = string> {
	private es: Source | null = null;
	private readonly liveness: Liveness;

	constructor(private opts: SseOptions<T>) {
		this.liveness = new Liveness(opts, { connect: () => this.open(), drop: () => this.close() });
	}

	get status(): StreamStatus {
		return this.liveness.status;
	}

	start() {
		this.liveness.start();
	}

	stop() {
		this.liveness.stop();
		this.close();
	}

	private close() {
		this.es?.close();
		this.es = null;
	}

	private open() {
		this.close();
		const url = this.opts.url();
		const es = this.opts.createSource ? this.opts.createSource(url) : new EventSource(url);
		this.es = es;
		const heard = () => {
			if (this.es === es) this.liveness.heard();
		};
		es.addEventListener('open', heard);
		es.addEventListener('hello', heard);
		es.addEventListener('heartbeat', heard);
		es.addEventListener('reset', () => {
			heard();
			// A fresh stream from the reloaded snapshot's seq; if the reload fails, this one goes on.
			void this.opts.onReset().then(
				() => this.es === es && this.liveness.reconnect(),
				() => {}
			);
		});
		for (const type of this.opts.events) {
			es.addEventListener(type, (ev) => {
				if (this.es !== es) return;
				heard();
				const data = JSON.parse((ev as MessageEvent).data) as { seq: number; payload: unknown };
				this.opts.onEvent({ type, seq: data.seq, payload: data.payload });
			});
		}
		es.addEventListener('error', () => {
			if (this.es !== es) return;
			// The browser retries by itself unless the stream was refused; then we do.
			if (es.readyState === CLOSED) {
				this.es = null;
				this.liveness.lost();
			} else this.liveness.connecting();
		});
	}
}
