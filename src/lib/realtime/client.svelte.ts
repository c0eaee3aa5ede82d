// Typed browser client for the realtime sidecar (protocol: src/realtime/README.md).
// Reconnects with exponential backoff + jitter, resumes every channel from the last seq it
// processed (the sidecar replays what was missed, or says `reset`), and shows 'stale' when no
// heartbeat arrived for two intervals. `status` is reactive ($state) for the UI.
import { api } from '$lib/client/http';
import type { RealtimeEvent, ServerMessage } from '../shared/protocol';

export type RealtimeStatus = 'connecting' | 'live' | 'stale' | 'offline';

type Socket = Pick<WebSocket, 'send' | 'close' | 'readyState'> & {
	onopen: ((ev: never) => void) | null;
	onmessage: ((ev: { data: unknown }) => void) | null;
	onclose: ((ev: { code: number; reason: string }) => void) | null;
	onerror: ((ev: never) => void) | null;
};

export interface RealtimeOptions {
	/** ws(s)://host:port/ws — see realtimeUrl(). */
	url: string | (() => string | Promise<string>);
	/** Customer JWT (diners), sent as the `bearer.<jwt>` subprotocol; staff use the cookie. */
	token?: () => string | null | Promise<string | null>;
	/** The sidecar's heartbeat interval (REALTIME_HEARTBEAT_MS); stale after two missed. */
	heartbeatMs?: number;
	minBackoffMs?: number;
	maxBackoffMs?: number;
	onEvent?: (e: RealtimeEvent) => void;
	/** The events after the last seq are gone: reload a snapshot, then continue from `seq`. */
	onReset?: (channel: string, seq: number) => void;
	/** A channel was refused (forbidden) or could not be subscribed. */
	onError?: (code: string, message: string, channel?: string) => void;
	/** Closed with 4001. Return true to reconnect (e.g. after refreshing a token). */
	onUnauthorized?: () => boolean | Promise<boolean>;
	/** For tests outside a browser (e.g. the `ws` package). */
	createSocket?: (url: string, protocols: string[]) => Socket;
}

export class RealtimeClient {
	status: RealtimeStatus = $state('offline');
	/** Last seq processed per channel (undefined until the first `subscribed`). */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
	private last = new Map<string, number | undefined>();
	private ws: Socket | null = null;
	private attempt = 0;
	private retry: ReturnType<typeof setTimeout> | undefined;
	private watchdog: ReturnType<typeof setInterval> | undefined;
	private lastBeat = 0;
	private stopped = true;
	private readonly hb: number;

	constructor(private opts: RealtimeOptions) {
		this.hb = opts.heartbeatMs ?? 5000;
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
		if (!this.stopped) return;
		this.stopped = false;
		this.watchdog = setInterval(() => this.check(), Math.max(250, this.hb / 2));
		if (typeof window !== 'undefined') window.addEventListener('online', this.onOnline);
		void this.open();
	}

	stop() {
		this.stopped = true;
		clearTimeout(this.retry);
		clearInterval(this.watchdog);
		if (typeof window !== 'undefined') window.removeEventListener('online', this.onOnline);
		this.ws?.close(1000, 'bye');
		this.ws = null;
		this.status = 'offline';
	}

	private onOnline = () => {
		if (this.status === 'offline' && !this.stopped) {
			clearTimeout(this.retry);
			void this.open();
		}
	};

	private async open() {
		if (this.stopped) return;
		this.status = 'connecting';
		let url: string;
		let token: string | null;
		try {
			url = typeof this.opts.url === 'function' ? await this.opts.url() : this.opts.url;
			token = (await this.opts.token?.()) ?? null;
		} catch {
			return this.reconnectLater();
		}
		if (this.stopped) return;
		const protocols = token ? ['preptable', `bearer.${token}`] : ['preptable'];
		const ws = this.opts.createSocket
			? this.opts.createSocket(url, protocols)
			: (new WebSocket(url, protocols) as unknown as Socket);
		this.ws = ws;
		ws.onopen = () => {
			this.lastBeat = Date.now();
			for (const ch of this.last.keys()) this.sendSubscribe(ch);
		};
		ws.onmessage = (ev) => {
			if (this.ws === ws) this.handle(JSON.parse(String(ev.data)) as ServerMessage);
		};
		ws.onclose = (ev) => {
			if (this.ws !== ws) return;
			this.ws = null;
			if (this.stopped) return;
			this.status = 'offline';
			if (ev.code === 4001) void this.unauthorized();
			else this.reconnectLater();
		};
		ws.onerror = () => {};
	}

	private async unauthorized() {
		const again = (await this.opts.onUnauthorized?.()) ?? false;
		if (again) this.reconnectLater();
	}

	private reconnectLater() {
		if (this.stopped) return;
		this.status = 'offline';
		const min = this.opts.minBackoffMs ?? 500;
		const max = this.opts.maxBackoffMs ?? 30_000;
		const ceiling = Math.min(max, min * 2 ** this.attempt++);
		// "Equal jitter": at least half the ceiling, so a restarted sidecar is not stampeded.
		const delay = ceiling / 2 + Math.random() * (ceiling / 2);
		clearTimeout(this.retry);
		this.retry = setTimeout(() => void this.open(), delay);
	}

	private check() {
		if (!this.ws || this.status === 'connecting' || this.status === 'offline') return;
		const silent = Date.now() - this.lastBeat;
		if (silent > 2 * this.hb) this.status = 'stale';
		// Half-open connection (laptop lid, NAT timeout): drop it and resume elsewhere.
		if (silent > 4 * this.hb) {
			const ws = this.ws;
			this.ws = null;
			ws.close(4000, 'no heartbeat');
			this.reconnectLater();
		}
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
		this.lastBeat = Date.now();
		this.attempt = 0;
		this.status = 'live';
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
