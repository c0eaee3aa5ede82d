// Benchmark client process (forked by scripts/bench-realtime.ts, driven over IPC): holds many
// WebSocket connections and records when each event arrives, so the sockets' CPU cost is not
// charged to the server being measured.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { addLatency, newHistogram } from './histogram';

type Cmd =
	| {
			cmd: 'connect';
			url: string;
			cookie: string;
			count: number;
			channels: string[];
			concurrency: number;
	  }
	| { cmd: 'reset' }
	| { cmd: 'count' }
	| { cmd: 'report'; commits: Record<string, number> }
	| { cmd: 'close' };

// CLOCK_MONOTONIC milliseconds, as the driver stamps commits.
const now = () => Number(process.hrtime.bigint()) / 1e6;
const sockets: { destroy(): void }[] = [];
// key `${channel} ${seq}` → arrival times (one per socket)
let arrivals = new Map<string, number[]>();
let received = 0;
let firstAt = 0;
let lastAt = 0;
let closedEarly = 0;

function reply(m: object) {
	process.send!(m);
}

// A lean WebSocket client on node:net (handshake + unmasked server frames): the `ws` package
// costs tens of microseconds per message, which would make the client, not the server, the
// bottleneck at 100k deliveries/s on a shared 2-core machine.
interface Handlers {
	text(s: string): void;
	close(code: number): void;
}
const PREFIX = '{"type":"event","channel":"';

function rawSocket(url: string, cookie: string, h: Handlers) {
	const u = new URL(url);
	const sock = net.connect(Number(u.port), u.hostname);
	sock.setNoDelay(true);
	let buf: Buffer = Buffer.alloc(0);
	let upgraded = false;
	let closed = false;
	const finish = (code: number) => {
		if (closed) return;
		closed = true;
		h.close(code);
		sock.destroy();
	};
	sock.on('connect', () => {
		sock.write(
			`GET ${u.pathname} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
				`Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n` +
				`Sec-WebSocket-Protocol: preptable\r\nCookie: ${cookie}\r\n\r\n`
		);
	});
	sock.on('data', (chunk: Buffer) => {
		buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
		if (!upgraded) {
			const end = buf.indexOf('\r\n\r\n');
			if (end < 0) return;
			if (!buf.toString('latin1', 0, 12).includes(' 101')) return finish(-1);
			upgraded = true;
			buf = buf.subarray(end + 4);
			opened();
		}
		let off = 0;
		while (buf.length - off >= 2) {
			const op = buf[off] & 0x0f;
			let len = buf[off + 1] & 0x7f;
			let hdr = 2;
			if (len === 126) {
				if (buf.length - off < 4) break;
				len = buf.readUInt16BE(off + 2);
				hdr = 4;
			} else if (len === 127) {
				if (buf.length - off < 10) break;
				len = Number(buf.readBigUInt64BE(off + 2));
				hdr = 10;
			}
			if (buf.length - off < hdr + len) break;
			const start = off + hdr;
			if (op === 1) h.text(buf.toString('utf8', start, start + len));
			else if (op === 8) return finish(len >= 2 ? buf.readUInt16BE(start) : 1005);
			else if (op === 9) send(buf.subarray(start, start + len), 0xa);
			off = start + len;
		}
		buf = off === buf.length ? Buffer.alloc(0) : buf.subarray(off);
	});
	sock.on('close', () => finish(1006));
	sock.on('error', () => finish(1006));
	let opened = () => {};
	// Client frames must be masked; an all-zero mask keeps the payload as is.
	const send = (payload: Buffer, op = 0x1) => {
		if (payload.length > 125) throw new Error('bench client sends short frames only');
		const head = Buffer.from([0x80 | op, 0x80 | payload.length, 0, 0, 0, 0]);
		sock.write(Buffer.concat([head, payload]));
	};
	return {
		onOpen(fn: () => void) {
			opened = fn;
		},
		sendText: (s: string) => send(Buffer.from(s)),
		destroy: () => sock.destroy()
	};
}

async function connect(c: Extract<Cmd, { cmd: 'connect' }>) {
	let next = 0;
	let subscribed = 0;
	const one = () =>
		new Promise<void>((resolve, reject) => {
			let pending = c.channels.length;
			const ws = rawSocket(c.url, c.cookie, {
				text(s) {
					// Cheap dispatch: only events are timed; read channel and seq without JSON.parse.
					if (s.startsWith(PREFIX)) {
						const t = now();
						const chEnd = s.indexOf('"', PREFIX.length);
						const seqStart = chEnd + 8; // `","seq":`
						const seq = s.slice(seqStart, s.indexOf(',', seqStart));
						const k = `${s.slice(PREFIX.length, chEnd)} ${seq}`;
						let a = arrivals.get(k);
						if (!a) arrivals.set(k, (a = []));
						a.push(t);
						received++;
						if (!firstAt) firstAt = t;
						lastAt = t;
					} else if (s.startsWith('{"type":"subscribed"')) {
						if (--pending === 0) {
							subscribed++;
							resolve();
						}
					}
				},
				close(code) {
					if (pending > 0) reject(new Error(`closed ${code} before subscribing`));
					else closedEarly++;
				}
			});
			ws.onOpen(() => {
				for (const ch of c.channels)
					ws.sendText(JSON.stringify({ type: 'subscribe', channel: ch }));
			});
			sockets.push(ws);
		});
	const worker = async () => {
		while (next < c.count) {
			next++;
			await one();
		}
	};
	await Promise.all(Array.from({ length: c.concurrency }, worker));
	return subscribed;
}

process.on('message', async (m: Cmd) => {
	try {
		if (m.cmd === 'connect') {
			const n = await connect(m);
			reply({ ok: true, subscribed: n });
		} else if (m.cmd === 'reset') {
			arrivals = new Map();
			received = 0;
			firstAt = lastAt = 0;
			reply({ ok: true });
		} else if (m.cmd === 'count') {
			reply({ ok: true, received, closedEarly });
		} else if (m.cmd === 'report') {
			const hist = newHistogram();
			let missing = 0;
			for (const [k, times] of arrivals) {
				const c = m.commits[k];
				if (c === undefined) {
					missing += times.length;
					continue;
				}
				for (const t of times) {
					addLatency(hist, t - c);
				}
			}
			reply({ ok: true, received, unmatched: missing, closedEarly, firstAt, lastAt, hist });
		} else if (m.cmd === 'close') {
			for (const ws of sockets) ws.destroy();
			reply({ ok: true });
			setTimeout(() => process.exit(0), 50);
		}
	} catch (e) {
		reply({ ok: false, error: (e as Error).message });
	}
});
reply({ ready: true });
