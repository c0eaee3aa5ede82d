// Typed browser client for the realtime sidecar (protocol: src/realtime/README.md).
// Resumes every channel from the last seq it processed (the sidecar replays what was missed,
// or says `reset`). Reconnecting, backoff and 'stale' after two missed heartbeats are the
// shared status model ($lib/client/liveness); `status` is reactive for the UI.
import { api } from '$lib/client/http';
import { Liveness, type StreamStatus, type StreamTimings } from '$lib/client/liveness.svelte';
import type { RealtimeEvent, ServerMessage } from '../shared/protocol';

export type RealtimeStatus = StreamStatus;

type Socket = Pick<WebSocket, 'send' | 'close' | 'readyState'> & {
	onopen: ((ev: never) => void) | null;
	onmessage: ((ev: { data: unknown }) => void) | null;
	onclose: ((ev: { code: number; reason: string }) => void) | null;
	onerror: ((ev: never) => void) | null;
};

/** `heartbeatMs` is the sidecar's REALTIME_HEARTBEAT_MS; stale after two missed. */
export interface RealtimeOptions extends StreamTimings {
	/** ws(s)://host:port/ws — see realtimeUrl(). */
	url: string | (() => string | Promise<string>);
	/** Customer JWT (diners), sent as the `bearer.<jwt>` subprotocol; staff use the cookie. */
	token?: () => string | null | Promise<string | null>;
	onEvent?: (e: RealtimeEvent) => void;
	/** The events after the last seq are gone: reload a snapshot, then continue from `seq`. */
	onReset?: (channel: string, seq: number) => void;
	/** A channel was refused (forbidden) or could not be subscribed. */
	onError?: (code: string, message: string, channel?: string) => void;
	/**
	 * A channel subscribed from the head (no seq held yet): whatever the caller loaded before
	 * may miss changes made until now, so reload it (later changes arrive as events).
	 */
	onSubscribed?: (channel: string, seq: number) => void;
	/** Closed with 4001. Return true to reconnect (e.g. after refreshing a token). */
	onUnauthorized?: () => boolean | Promise<boolean>;
	/** For tests outside a browser (e.g. the `ws` package). */
	createSocket?: (url: string, protocols: string[]) => Socket;
}

export class RealtimeClient {
	/** Last seq processed per channel (undefined until the first `subscribed`). */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
	private last = new Map<string, number | undefined>();
	private ws: Socket | null = null;
	private readonly liveness: Liveness;

	constructor(private opts: RealtimeOptions) {
		this.liveness = new Liveness(opts, {
			connect: () => this.open(),
			drop: () => {
				const ws = this.ws;
				this.ws = null;
				ws?.close(4000, 'no heartbeat');
			}
		});
	}

	get status(): RealtimeStatus {
		return this.liveness.status;
	}

	/** Follow a channel; `since` resumes from a seq you already have (e.g. from a snapshot). */
	subscribe(channel: string, since?: number) {
		this.last.set(channel, since ?? this.last.get(channel));
		this.sendSubscribe(channel);
	}

	unsubscribe(channel: string) {
		this.last.delete(channel);
		this.send({ type: 'unsubscribe', channel });
	}

	lastSeq(channel: string): number | undefined {
		return this.last.get(channel);
	}

	start() {
		this.liveness.start();
	}

	stop() {
		this.liveness.stop();
		this.ws?.close(1000, 'bye');
		this.ws = null;
	}

	/** One connection attempt; a throw (no URL, no token) counts as lost. */
	private async open() {
		const url = typeof this.opts.url === 'function' ? await this.opts.url() : this.opts.url;
		const token = (await this.opts.token?.()) ?? null;
		if (!this.liveness.running) return;
		const protocols = token ? ['preptable', `bearer.${token}`] : ['preptable'];
		const ws = this.opts.createSocket
			? this.opts.createSocket(url, protocols)
			: (new WebSocket(url, protocols) as unknown as Socket);
		this.ws = ws;
		ws.onopen = () => {
			this.liveness.opened();
			for (const ch of this.last.keys()) this.sendSubscribe(ch);
		};
		ws.onmessage = (ev) => {
			if (this.ws === ws) this.handle(JSON.parse(String(ev.data)) as ServerMessage);
		};
		ws.onclose = (ev) => {
			if (this.ws !== ws) return;
			this.ws = null;
			if (!this.liveness.running) return;
			if (ev.code === 4001) {
				this.liveness.halt();
				void this.unauthorized();
			} else this.liveness.lost();
		};
		ws.onerror = () => {};
	}

	private async unauthorized() {
		const again = (await this.opts.onUnauthorized?.()) ?? false;
		if (again) this.liveness.lost();
	}

	private sendSubscribe(channel: string) {
		const since = this.last.get(channel);
		this.send(
			since === undefined ? { type: 'subscribe', channel } : { type: 'subscribe', channel, since }
		);
	}

	private send(m: object) {
		if (this.ws && this.ws.readyState === 1) this.ws.send(JSON.stringify(m));
	}

	private handle(m: ServerMessage) {
		switch (m.type) {
			case 'event': {
				if (!this.last.has(m.channel)) return; // unsubscribed meanwhile
				const last = this.last.get(m.channel);
				if (last !== undefined && m.seq <= last) return; // already processed
				this.last.set(m.channel, m.seq);
				const { type: _frame, ...event } = m;
				this.opts.onEvent?.(event);
				break;
			}
			case 'subscribed':
				if (this.last.has(m.channel) && this.last.get(m.channel) === undefined) {
					this.last.set(m.channel, m.seq);
					this.opts.onSubscribed?.(m.channel, m.seq);
				}
				this.live();
				break;
			case 'reset':
				if (!this.last.has(m.channel)) return;
				this.last.set(m.channel, m.seq);
				this.opts.onReset?.(m.channel, m.seq);
				break;
			case 'heartbeat':
				this.live();
				break;
			case 'error':
				this.opts.onError?.(m.code, m.message, m.channel);
				break;
		}
	}

	private live() {
		this.liveness.heard();
	}
}

/** The sidecar's URL for this page: REALTIME_PUBLIC_URL, else same host on REALTIME_PORT. */
export async function realtimeUrl(fetcher: typeof fetch = fetch): Promise<string> {
	const c = await api<{ url: string | null; port: number }>(
		'GET',
		'/api/realtime-config',
		undefined,
		{ fetch: fetcher }
	);
	if (c.url) return c.url;
	const secure = location.protocol === 'https:';
	return `${secure ? 'wss' : 'ws'}://${location.hostname}:${c.port}/ws`;
}
