// Realtime sidecar: a uWebSockets.js process holding WebSocket channels. Started by
// `npm start` beside the web server; several sidecars may share one database.
//   ws://host:REALTIME_PORT/ws  — protocol in src/realtime/README.md
//   /healthz (text ok), /stats (JSON: sockets, channels, delivered, rss; loopback or admins)
import { BlockList } from 'node:net';
import type {
	HttpRequest,
	HttpResponse,
	us_listen_socket,
	us_socket_context_t,
	WebSocket
} from 'uWebSockets.js';
import { loadUws } from './uws';
import { checkConfig, config } from '../lib/server/config';
import { db } from '../lib/server/db/index';
import { bus } from '../lib/server/events/bus';
import { SESSION_COOKIE, resolve as resolveSession } from '../lib/server/auth/sessions';
import { authenticate, cookieValue, parseProtocols, type Principal } from './auth';
import { Hub, type Client, type Conn } from './hub';
import { sweep } from './retention';

try {
	checkConfig();
} catch (e) {
	console.error(`FATAL realtime sidecar: ${(e as Error).message}`);
	process.exit(78); // EX_CONFIG, like the web server
}

let uws;
try {
	uws = loadUws();
} catch (e) {
	console.error(`FATAL realtime sidecar: ${(e as Error).message}`);
	process.exit(70);
}

const maxBuffered = config.realtimeMaxBuffered;
const app = uws.App();
const hub = new Hub(db(), await bus(), {
	heartbeatMs: config.realtimeHeartbeatMs,
	maxBuffered,
	recheckMs: config.realtimeRecheckMs,
	batch: 500,
	// One native call fans a frame out to every live socket of the channel.
	publish: (topic, text) => void app.publish(topic, text)
});

// Cookie auth from a browser must come from our own pages (cross-site WebSocket hijacking);
// a customer JWT is not ambient, so it needs no Origin check.
const allowedOrigins = new Set(
	[config.origin, ...config.realtimeAllowedOrigins].map((s) => s.replace(/\/$/, ''))
);

interface UserData {
	principal: Principal | null;
	client: Client | null;
	conn: UwsConn | null;
}

// Methods on a prototype, not closures per socket: memory per socket is the point of uWS.
// After uWS's close event the WebSocket must not be touched (it throws): `gone` guards it.
class UwsConn implements Conn {
	gone = false;
	constructor(private ws: WebSocket<UserData>) {}
	send(text: string) {
		return !this.gone && this.ws.send(text) !== 2; // 2 = dropped over maxBackpressure
	}
	buffered() {
		return this.gone ? 0 : this.ws.getBufferedAmount();
	}
	close(code: number, reason: string) {
		if (!this.gone) this.ws.end(code, reason);
	}
	cork(fn: () => void) {
		if (!this.gone) this.ws.cork(fn);
	}
	subscribe(topic: string) {
		if (!this.gone) this.ws.subscribe(topic);
	}
	unsubscribe(topic: string) {
		if (!this.gone) this.ws.unsubscribe(topic); // closing sockets leave their topics anyway
	}
}

const dec = new TextDecoder();

app.ws<UserData>('/ws', {
	idleTimeout: 60,
	sendPingsAutomatically: true,
	maxPayloadLength: 4096,
	// The hub closes a socket queueing more than maxBuffered with 4008 (after each published
	// chunk, and before each direct send). uWS's own limit only backs that up: over it, uWS drops
	// the socket without a close frame (1006), so it sits well above what the hub allows.
	maxBackpressure: 2 * maxBuffered + (1 << 20),
	closeOnBackpressureLimit: 1, // typed as a number; read as a flag
	upgrade(res: HttpResponse, req: HttpRequest, context: us_socket_context_t) {
		// req is only valid synchronously: copy what we need before any await.
		const key = req.getHeader('sec-websocket-key');
		const protocols = parseProtocols(req.getHeader('sec-websocket-protocol'));
		const extensions = req.getHeader('sec-websocket-extensions');
		const origin = req.getHeader('origin').replace(/\/$/, '');
		const cookie = req.getHeader('cookie');
		const queryToken = req.getQuery('token') || null;
		let aborted = false;
		res.onAborted(() => {
			aborted = true;
		});
		const sessionToken =
			!origin || allowedOrigins.has(origin) ? cookieValue(cookie, SESSION_COOKIE) : null;
		authenticate(db(), { sessionToken, customerToken: queryToken ?? protocols.token })
			.catch((e) => {
				console.warn('realtime: auth failed:', (e as Error).message);
				return null;
			})
			.then((principal) => {
				if (aborted) return;
				// Accept even when unauthenticated, then close with 4001: a browser cannot read an
				// HTTP 401 on upgrade, but it can read a close code.
				res.cork(() => {
					res.upgrade<UserData>(
						{ principal, client: null, conn: null },
						key,
						protocols.protocol,
						extensions,
						context
					);
				});
			});
	},
	open(ws) {
		const data = ws.getUserData();
		data.conn = new UwsConn(ws);
		data.client = hub.open(data.conn, data.principal);
		data.principal = null; // the client holds it
	},
	message(ws, message, isBinary) {
		const c = ws.getUserData().client;
		if (!c || isBinary) return;
		hub.message(c, dec.decode(message));
	},
	close(ws) {
		const data = ws.getUserData();
		if (data.conn) data.conn.gone = true;
		if (data.client) hub.closed(data.client);
	}
});

app.get('/healthz', (res) => {
	res.cork(() => res.writeHeader('content-type', 'text/plain').end('ok'));
});
// Loopback callers (the operator's own machine, the benchmark) read /stats freely; anyone else
// needs an admin session: socket counts and memory tell an outsider how busy the house is.
const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');
loopback.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

function isLoopback(address: string): boolean {
	try {
		return loopback.check(address, address.includes(':') ? 'ipv6' : 'ipv4');
	} catch {
		return false;
	}
}

app.get('/stats', (res, req) => {
	const remote = dec.decode(res.getRemoteAddressAsText());
	const cookie = req.getHeader('cookie');
	// The benchmark starts the sidecar with --expose-gc to measure live memory, not garbage.
	const gc = (globalThis as { gc?: () => void }).gc;
	const collect = gc && req.getQuery('gc') === '1';
	let aborted = false;
	res.onAborted(() => {
		aborted = true;
	});
	const allowed = isLoopback(remote)
		? Promise.resolve(true)
		: (async () => {
				const token = cookieValue(cookie, SESSION_COOKIE);
				return !!token && (await resolveSession(db(), token))?.role === 'admin';
			})().catch(() => false);
	void allowed.then((ok) => {
		if (aborted) return;
		if (ok && collect) gc();
		res.cork(() => {
			if (!ok) {
				res.writeStatus('403 Forbidden').writeHeader('content-type', 'text/plain');
				res.end('Forbidden: /stats is for loopback callers and admins');
				return;
			}
			res.writeHeader('content-type', 'application/json').end(JSON.stringify(hub.stats()));
		});
	});
});
app.any('/*', (res) => {
	res.cork(() => res.writeStatus('404 Not Found').end('Not Found'));
});

// Retention: every sidecar tries; the advisory lock lets one delete at a time.
const sweepMs = config.eventRetentionSweepMs;
const runSweep = () =>
	void sweep(db())
		.then((n) => n && console.log(`realtime: retention deleted ${n} events`))
		.catch((e) => console.warn('realtime: retention sweep failed:', (e as Error).message));
setTimeout(runSweep, Math.min(sweepMs, 10_000 + Math.random() * 20_000)).unref();
setInterval(runSweep, sweepMs).unref();

const port = config.realtimePort;
const host = config.realtimeHost;
// The typings lack listen(host, port, options, cb); the native binding accepts it.
(
	app as unknown as {
		listen(
			host: string,
			port: number,
			options: number,
			cb: (listenSocket: us_listen_socket | false) => void
		): void;
	}
).listen(host, port, uws.ListenOptions?.LIBUS_LISTEN_EXCLUSIVE_PORT ?? 1, (listenSocket) => {
	if (!listenSocket) {
		console.error(`FATAL realtime sidecar: cannot listen on ${host}:${port}`);
		process.exit(71);
	}
	console.log(
		`realtime sidecar (pid ${process.pid}) listening on ${host}:${uws.us_socket_local_port(listenSocket)}`
	);
	const stop = () => {
		uws.us_listen_socket_close(listenSocket);
		hub.stop();
		process.exit(0);
	};
	process.once('SIGTERM', stop);
	process.once('SIGINT', stop);
});
