// Kitchen load: 20 kitchen displays on the SSE stream while Saavor tickets arrive through the
// signed webhook; measures ticket-to-screen latency (webhook sent → event read by each
// display). Phase "real-rate" sends at 150 tickets/h (one per 24 s) for KITCHEN_LOAD_REAL_S
// seconds; phase "compressed" sends 150 tickets at 100× that rate. Runs against a fresh
// database (DATABASE_URL server, else embedded PGlite) and a freshly started web server.
// Writes bench/results/kitchen-load-<pglite|postgres>.json.
import fs from 'node:fs';
import { createHmac } from 'node:crypto';
import { ensureBuild } from './lib/build';
import { createTestDatabase } from '../tests/support/db';
import { startWeb } from '../tests/support/server';
import { createLocation, createUser } from '../tests/support/auth';
import { connect } from '../src/lib/server/db/index';
import { scriptConfig } from '../src/lib/server/config';

const SECRET = 'load-secret';
const CLIENTS = scriptConfig.kitchenLoadClients;
const REAL_SECONDS = scriptConfig.kitchenLoadRealSeconds;

function pct(xs: number[], p: number) {
	const s = [...xs].sort((a, b) => a - b);
	return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
}

ensureBuild();
const db = await createTestDatabase('pt_load');
const web = await startWeb(db.url, {
	SAAVOR_WEBHOOK_SECRET: SECRET,
	SSE_MAX_AGE_MS: '0',
	PREPTABLE_EMBEDDED: db.kind === 'pglite' ? '1' : '0'
});
const sql = connect(db.url, { max: 2 });
const loc = await createLocation(sql, 'load-kitchen');
const cook = await createUser(sql, 'staff', [loc.id]);

const sentAt = new Map<string, number>();
const latencies: Record<string, number[]> = { 'real-rate': [], compressed: [] };
let phase = 'real-rate';
const controllers: AbortController[] = [];

async function display() {
	const ctrl = new AbortController();
	controllers.push(ctrl);
	const res = await fetch(`${web.url}/api/v1/locations/${loc.id}/events`, {
		headers: cook.headers,
		signal: ctrl.signal
	});
	const dec = new TextDecoder();
	let buf = '';
	(async () => {
		for await (const chunk of res.body!) {
			buf += dec.decode(chunk, { stream: true });
			let i;
			while ((i = buf.indexOf('\n\n')) >= 0) {
				const frame = buf.slice(0, i);
				buf = buf.slice(i + 2);
				if (!frame.includes('event: order:created')) continue;
				const data = JSON.parse(
					frame
						.split('\n')
						.find((l) => l.startsWith('data: '))!
						.slice(6)
				);
				const t0 = sentAt.get(data.payload.order.external_id);
				if (t0) latencies[phase].push(performance.now() - t0);
			}
		}
	})().catch(() => {});
}

async function ticket(n: number) {
	const id = `load-${phase}-${n}`;
	const body = JSON.stringify({
		id: `evt-${id}`,
		type: 'order.created',
		order: {
			id,
			location: loc.slug,
			customer_name: `#${n}`,
			lines: [{ name: 'Lomo saltado', quantity: 1 }]
		}
	});
	sentAt.set(id, performance.now());
	const r = await fetch(`${web.url}/api/v1/saavor/webhook`, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			'x-saavor-signature': 'sha256=' + createHmac('sha256', SECRET).update(body).digest('hex')
		},
		body
	});
	if (r.status !== 200) throw new Error(`webhook answered ${r.status}`);
}

await Promise.all(Array.from({ length: CLIENTS }, display));
await new Promise((r) => setTimeout(r, 500));

const realCount = Math.max(1, Math.floor(REAL_SECONDS / 24));
for (let i = 0; i < realCount; i++) {
	await ticket(i);
	if (i < realCount - 1) await new Promise((r) => setTimeout(r, 24_000));
}
await new Promise((r) => setTimeout(r, 2000));
phase = 'compressed';
for (let i = 0; i < 150; i++) {
	await ticket(i);
	await new Promise((r) => setTimeout(r, 240));
}
await new Promise((r) => setTimeout(r, 3000));

const summary = (xs: number[], expected: number) => ({
	deliveries: xs.length,
	expected,
	p50_ms: +pct(xs, 50).toFixed(1),
	p95_ms: +pct(xs, 95).toFixed(1),
	p99_ms: +pct(xs, 99).toFixed(1),
	max_ms: +Math.max(...xs).toFixed(1)
});
const result = {
	measured_at: new Date().toISOString(),
	database: db.kind,
	clients: CLIENTS,
	phases: {
		'real-rate': {
			tickets_per_hour: 150,
			tickets: realCount,
			...summary(latencies['real-rate'], realCount * CLIENTS)
		},
		compressed: {
			tickets_per_hour: 15000,
			tickets: 150,
			...summary(latencies.compressed, 150 * CLIENTS)
		}
	},
	target: 'ticket-to-screen p95 ≤ 2000 ms'
};
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync(
	`bench/results/kitchen-load-${db.kind}.json`,
	JSON.stringify(result, null, '\t') + '\n'
);
console.log(JSON.stringify(result, null, 2));
controllers.forEach((c) => c.abort());
await sql.end();
await web.stop();
await db.drop();
