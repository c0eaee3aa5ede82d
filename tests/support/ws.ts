// A small WebSocket test client for the realtime sidecar (Node `ws`).
import WebSocket from 'ws';

export interface Msg {
	type: string;
	channel?: string;
	seq?: number;
	event?: string;
	payload?: unknown;
	code?: string;
	seqs?: Record<string, number>;
}

export class WsClient {
	messages: Msg[] = [];
	closeCode: number | null = null;
	closed: Promise<number>;
	private waiters: (() => void)[] = [];

	constructor(
		public ws: WebSocket,
		public opened: Promise<void>
	) {
		ws.on('message', (d) => {
			this.messages.push(JSON.parse(String(d)));
			this.waiters.splice(0).forEach((w) => w());
		});
		this.closed = new Promise((resolve) =>
			ws.on('close', (code) => {
				this.closeCode = code;
				this.waiters.splice(0).forEach((w) => w());
				resolve(code);
			})
		);
	}

	static connect(
		url: string,
		opts: { cookie?: string; token?: string; protocols?: string[]; origin?: string } = {}
	): WsClient {
		const u = new URL('/ws', url.replace(/^http/, 'ws'));
		if (opts.token) u.searchParams.set('token', opts.token);
		const headers: Record<string, string> = {};
		if (opts.cookie) headers.cookie = opts.cookie;
		if (opts.origin) headers.origin = opts.origin;
		const ws = new WebSocket(u, opts.protocols ?? [], { headers });
		ws.on('error', () => {});
		const opened = new Promise<void>((resolve, reject) => {
			ws.once('open', () => resolve());
			ws.once('error', reject);
		});
		opened.catch(() => {});
		return new WsClient(ws, opened);
	}

	send(m: object) {
		// Queued until open; then-callbacks run in order, so sends keep their order.
		void this.opened.then(() => this.ws.send(JSON.stringify(m))).catch(() => {});
	}

	subscribe(channel: string, since?: number) {
		this.send({ type: 'subscribe', channel, since });
	}

	events(channel?: string): Msg[] {
		return this.messages.filter((m) => m.type === 'event' && (!channel || m.channel === channel));
	}

	of(type: string): Msg[] {
		return this.messages.filter((m) => m.type === type);
	}

	async waitFor(pred: (m: Msg[]) => boolean, timeoutMs = 15_000): Promise<void> {
		const until = Date.now() + timeoutMs;
		while (!pred(this.messages)) {
			const left = until - Date.now();
			if (left <= 0) {
				throw new Error(
					`timed out (close ${this.closeCode}); last: ${JSON.stringify(this.messages.slice(-3))}`
				);
			}
			await new Promise<void>((r) => {
				const t = setTimeout(r, Math.min(left, 200));
				this.waiters.push(() => (clearTimeout(t), r()));
			});
		}
	}

	close() {
		this.ws.terminate();
	}
}

/**
 * The app's own RealtimeClient (src/lib/realtime) in Node, signed in with a staff cookie, with
 * short heartbeats and backoff so a test sees it go stale and come back quickly; the seq of
 * every event it delivers lands in `seen`.
 */
export async function appClient(url: () => string, cookie: string, seen: number[]) {
	// Imported on use: the module is compiled by the Svelte plugin (runes), which most files here
	// have no need to pay for.
	const { RealtimeClient } = await import('../../src/lib/realtime/client.svelte');
	return new RealtimeClient({
		url,
		heartbeatMs: 500,
		minBackoffMs: 100,
		maxBackoffMs: 400,
		onEvent: (e) => seen.push(e.seq),
		createSocket: (url, protocols) =>
			new WebSocket(url, protocols, { headers: { cookie } }) as never
	});
}
