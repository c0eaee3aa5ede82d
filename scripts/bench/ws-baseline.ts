// Benchmark baseline: the same hub (auth, replay, fan-out, heartbeats) served by the plain `ws`
// library on node:http instead of uWebSockets.js, so the comparison isolates the socket layer.
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { config } from '../../src/lib/server/config';
import { db } from '../../src/lib/server/db/index';
import { bus } from '../../src/lib/server/events/bus';
import { SESSION_COOKIE } from '../../src/lib/server/auth/sessions';
import { authenticate, cookieValue, parseProtocols } from '../../src/realtime/auth';
import { Hub } from '../../src/realtime/hub';

const maxBuffered = config.realtimeMaxBuffered;
const hub = new Hub(db(), await bus(), {
	heartbeatMs: config.realtimeHeartbeatMs,
	maxBuffered,
	recheckMs: config.realtimeRecheckMs,
	batch: 500
});

const server = http.createServer((req, res) => {
	if (req.url === '/healthz') return res.end('ok');
	if (req.url?.startsWith('/stats')) {
		const gc = (globalThis as { gc?: () => void }).gc;
		if (gc && req.url.includes('gc=1')) gc();
		return res.end(JSON.stringify(hub.stats()));
	}
	res.statusCode = 404;
	res.end('Not Found');
});
const wss = new WebSocketServer({
	noServer: true,
	perMessageDeflate: false,
	handleProtocols: (set) => (set.has('preptable') ? 'preptable' : false)
});

server.on('upgrade', (req, socket, head) => {
	const protocols = parseProtocols(String(req.headers['sec-websocket-protocol'] ?? ''));
	const url = new URL(req.url ?? '/', 'http://x');
	if (url.pathname !== '/ws') return socket.destroy();
	authenticate(db(), {
		sessionToken: cookieValue(String(req.headers.cookie ?? ''), SESSION_COOKIE),
		customerToken: url.searchParams.get('token') ?? protocols.token
	})
		.catch(() => null)
		.then((principal) => {
			wss.handleUpgrade(req, socket, head, (ws) => {
				const c = hub.open(
					{
						send: (text) => {
							if (ws.readyState !== ws.OPEN) return false;
							ws.send(text);
							return true;
						},
						buffered: () => ws.bufferedAmount,
						close: (code, reason) => ws.close(code, reason)
					},
					principal
				);
				if (!c) return;
				ws.on('message', (data, isBinary) => {
					if (!isBinary) hub.message(c, data.toString());
				});
				ws.on('close', () => hub.closed(c));
				ws.on('error', () => {});
			});
		});
});

server.listen(config.realtimePort, '127.0.0.1', () => {
	console.log(`ws baseline listening on :${config.realtimePort}`);
});
process.once('SIGTERM', () => process.exit(0));
