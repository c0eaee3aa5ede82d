// Saavor POS boundary: inbound order events (signed webhook) projected onto the kitchen's
// order table, and outbound "ready for handoff" calls from a durable queue.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { atomic, type Db, type Sql, type Tx } from '../db/index';
import { ApiError, describeZodError, notFound } from '../http/errors';
import { findBadText } from '../http/request';
import * as orders from './orders';
import { sign, verify } from './signature';
import { record, recordChange } from '../audit/log';
import { config } from '../config';
import { requireLocation } from '../auth/guard';
import type { Identity } from '../auth/identity';

export const saavorConfig = {
	get secret() {
		return config.saavorWebhookSecret;
	},
	get outboundUrl() {
		return config.saavorOutboundUrl;
	},
	get maxAttempts() {
		return config.saavorOutboundMaxAttempts;
	}
};

const line = z.object({
	name: z.string().trim().min(1).max(200),
	quantity: z.number().int().min(1).max(999),
	notes: z.string().max(500).optional()
});

export const webhookPayload = z.object({
	id: z.string().min(1).max(200),
	type: z.enum(['order.created', 'order.updated', 'order.cancelled']),
	created_at: z.string().optional(),
	order: z.object({
		id: z.string().min(1).max(200),
		location: z.string().min(1).max(100),
		customer_name: z.string().max(200).optional(),
		notes: z.string().max(1000).optional(),
		total_cents: z.number().int().min(0).optional(),
		lines: z.array(line).max(200).default([])
	})
});
export type WebhookPayload = z.infer<typeof webhookPayload>;

export type WebhookResult =
	| {
			status: 200;
			body: {
				received: true;
				duplicate: boolean;
				payload_id: string | null;
				order_id: string | null;
			};
	  }
	| { status: 400; body: string };

/**
 * Verifies and applies one webhook delivery. A bad signature throws 401 before anything is
 * written; a malformed payload is kept (status invalid) and answered 400; a repeated event id
 * changes nothing and answers 200.
 */
export async function receive(
	sql: Sql,
	raw: Uint8Array,
	signature: string | null
): Promise<WebhookResult> {
	if (!saavorConfig.secret) throw new ApiError(503, 'Saavor webhook secret is not configured');
	if (!verify(raw, signature, saavorConfig.secret))
		throw new ApiError(401, 'Invalid or missing X-Saavor-Signature');
	const text = new TextDecoder().decode(raw);
	let json: unknown;
	let parseError = '';
	try {
		json = JSON.parse(text);
	} catch {
		parseError = 'body is not valid JSON';
	}
	if (!parseError) parseError = findBadText(json) ?? '';
	const parsed = parseError ? null : webhookPayload.safeParse(json);
	if (!parsed || !parsed.success) {
		const error = parseError || describeZodError(parsed!.error);
		const eventId = (json as { id?: unknown })?.id;
		// Kept for debugging as sent, but a text column cannot hold NUL: write it as the JSON
		// escape a person reading the row would expect.
		await sql`insert into saavor_payloads (event_id, status, error, raw)
			values (null, 'invalid', ${error}, ${text.replaceAll('\u0000', '\\u0000')})`;
		return {
			status: 400,
			body: `Malformed Saavor payload: ${error}${typeof eventId === 'string' ? ` (event ${eventId})` : ''}`
		};
	}
	const p = parsed.data;
	return sql.begin(async (tx) => {
		const [stored] = await tx<{ id: string }[]>`
			insert into saavor_payloads (event_id, event_type, status, raw)
			values (${p.id}, ${p.type}, 'processed', ${text})
			on conflict (event_id) do nothing
			returning id`;
		if (!stored)
			return {
				status: 200 as const,
				body: { received: true as const, duplicate: true, payload_id: null, order_id: null }
			};
		const orderId = await apply(tx, p);
		if (orderId === 'unknown-location') {
			await tx`update saavor_payloads set status = 'invalid', error = 'unknown location' where id = ${stored.id}`;
			return {
				status: 400 as const,
				body: `Malformed Saavor payload: unknown location ${p.order.location}`
			};
		}
		await tx`update saavor_payloads set order_id = ${orderId} where id = ${stored.id}`;
		return {
			status: 200 as const,
			body: { received: true as const, duplicate: false, payload_id: stored.id, order_id: orderId }
		};
	});
}

async function apply(tx: Tx, p: WebhookPayload): Promise<string | null | 'unknown-location'> {
	const [loc] = await tx<{ id: string }[]>`
		select id from locations where slug = ${p.order.location.toLowerCase()} or id::text = ${p.order.location}`;
	if (!loc) return 'unknown-location';
	if (p.type === 'order.created') {
		const id = await orders.create(tx, {
			locationId: loc.id,
			source: 'saavor',
			externalId: p.order.id,
			customerName: p.order.customer_name ?? '',
			notes: p.order.notes ?? '',
			totalCents: p.order.total_cents ?? 0,
			lines: p.order.lines
		});
		// The same Saavor order under a new event id: already projected.
		if (!id) return (await byExternal(tx, p.order.id))?.id ?? null;
		await recordChange(
			tx,
			null,
			{
				action: 'create',
				entity: 'order',
				entityId: id,
				locationId: loc.id,
				after: { source: 'saavor', event_id: p.id }
			},
			orders.orderEvent('order:created', (await orders.get(tx, id))!, null)
		);
		return id;
	}
	const existing = await byExternal(tx, p.order.id);
	if (!existing) return null;
	if (p.type === 'order.cancelled') {
		await orders.cancel(tx, existing.id);
		await recordChange(
			tx,
			null,
			{
				action: 'cancel',
				entity: 'order',
				entityId: existing.id,
				locationId: loc.id,
				after: { event_id: p.id }
			},
			orders.orderEvent('order:cancelled', (await orders.get(tx, existing.id))!, null)
		);
		return existing.id;
	}
	await orders.revise(tx, existing.id, {
		customerName: p.order.customer_name,
		notes: p.order.notes,
		lines: p.order.lines
	});
	await recordChange(
		tx,
		null,
		{
			action: 'update',
			entity: 'order',
			entityId: existing.id,
			locationId: loc.id,
			after: { event_id: p.id }
		},
		orders.orderEvent('order:updated', (await orders.get(tx, existing.id))!, null)
	);
	return existing.id;
}

async function byExternal(tx: Db, externalId: string) {
	const [o] = await tx<{ id: string }[]>`
		select id from orders where source = 'saavor' and external_id = ${externalId} for update`;
	return o;
}

/** The latest webhook deliveries, newest first (without the raw bodies). */
export async function payloads(db: Db, limit: number) {
	return db`select id, event_id, event_type, status, error, order_id, received_at, length(raw) as size
		from saavor_payloads order by received_at desc limit ${limit}`;
}

/** One webhook delivery with its raw body, as received. */
export async function payload(db: Db, id: string) {
	const [p] = await db`select id, event_id, event_type, status, error, order_id, received_at, raw
		from saavor_payloads where id = ${id}`;
	return p;
}

/** Demo: a signed order event for a location (slug or id; default the first), run through receive(). */
export async function testInbound(sql: Sql, location?: string) {
	const [loc] = location
		? await sql<
				{ slug: string }[]
			>`select slug from locations where slug = ${location} or id::text = ${location}`
		: await sql<{ slug: string }[]>`select slug from locations order by created_at limit 1`;
	if (!loc) throw notFound('Location not found');
	const { payload, raw, signature } = synthesize(loc.slug);
	return { sent: payload, result: await receive(sql, raw, signature) };
}

/** A signed, well-formed payload, for the admin test endpoint and the demo. */
export function synthesize(location: string, overrides: Partial<WebhookPayload['order']> = {}) {
	const n = Math.floor(Math.random() * 9000) + 1000;
	const payload: WebhookPayload = {
		id: `evt_test_${randomUUID()}`,
		type: 'order.created',
		created_at: new Date().toISOString(),
		order: {
			id: `sav_test_${n}_${randomUUID().slice(0, 8)}`,
			location,
			customer_name: `Pickup #${n}`,
			lines: [
				{ name: 'Lomo saltado', quantity: 1 },
				{ name: 'Papa a la huancaína', quantity: 2, notes: 'sauce on the side' }
			],
			...overrides
		}
	};
	const raw = new TextEncoder().encode(JSON.stringify(payload));
	return { payload, raw, signature: sign(raw, saavorConfig.secret) };
}

// --- outbound "ready for handoff" ------------------------------------------------------

/** Queues the handoff call for an order (idempotent per order). */
export async function enqueuePrepared(
	tx: Db,
	order: orders.KitchenOrder
): Promise<{ id: string; created: boolean }> {
	const payload = {
		event_id: `pt_${randomUUID()}`,
		type: 'order.prepared',
		order_id: order.external_id,
		preptable_order_id: order.id,
		prepared_at: new Date().toISOString()
	};
	const [row] = await tx<{ id: string }[]>`
		insert into saavor_outbound (order_id, payload) values (${order.id}, ${tx.json(payload)})
		on conflict (order_id) do nothing returning id`;
	if (row) return { id: row.id, created: true };
	const [existing] = await tx<
		{ id: string }[]
	>`select id from saavor_outbound where order_id = ${order.id}`;
	return { id: existing.id, created: false };
}

/** "Ready for handoff" asked for by staff: queues the call once, audited the first time. */
export async function handoff(
	sql: Db,
	me: Identity,
	orderId: string
): Promise<{ id: string; created: boolean }> {
	return atomic(sql, async (tx) => {
		const o = await orders.get(tx, orderId);
		if (!o) throw notFound('Order not found');
		requireLocation(me, o.location_id);
		if (o.source !== 'saavor')
			throw new ApiError(409, 'Only Saavor orders are handed off to Saavor');
		// "Ready for handoff" is a promise to the counter: only an order the kitchen finished.
		if (o.prep_state !== 'ready')
			throw new ApiError(
				409,
				`Order is ${o.prep_state}, not ready: only a ready order is handed off`
			);
		const q = await enqueuePrepared(tx, o);
		if (q.created)
			await record(tx, me, {
				action: 'saavor_prepared',
				entity: 'order',
				entityId: o.id,
				locationId: o.location_id
			});
		return q;
	});
}

/** Exponential backoff with full jitter, capped at 5 minutes. */
export function backoffMs(attempt: number, random = Math.random): number {
	const cap = 300_000;
	const base = Math.min(cap, 1000 * 2 ** Math.min(attempt, 20));
	return Math.round(base / 2 + random() * (base / 2));
}

const LEASE_SECONDS = 30;

/**
 * Delivers due outbound calls once. Rows are claimed with SKIP LOCKED and leased (pushed
 * forward) before the HTTP call, so several web processes share the queue and a crash
 * mid-call only delays the retry. Receivers dedupe on payload.event_id.
 */
export async function deliverDue(
	sql: Sql,
	fetchImpl: typeof fetch = fetch,
	limit = 10
): Promise<number> {
	const url = saavorConfig.outboundUrl;
	if (!url) return 0;
	const claimed = await sql<{ id: string; payload: unknown; attempts: number }[]>`
		update saavor_outbound set attempts = attempts + 1,
			next_attempt_at = now() + ${LEASE_SECONDS} * interval '1 second'
		where id in (
			select id from saavor_outbound where status = 'pending' and next_attempt_at <= now()
			order by next_attempt_at limit ${limit} for update skip locked)
		returning id, payload, attempts`;
	for (const job of claimed) {
		const body = JSON.stringify(job.payload);
		let error = '';
		try {
			const res = await fetchImpl(url, {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					'x-saavor-signature': sign(body, saavorConfig.secret)
				},
				body,
				signal: AbortSignal.timeout(10_000)
			});
			if (!res.ok) error = `HTTP ${res.status}`;
			await res.body?.cancel().catch(() => {});
		} catch (e) {
			error = (e as Error).message || 'network error';
		}
		if (!error) {
			await sql`update saavor_outbound set status = 'delivered', delivered_at = now(), last_error = null where id = ${job.id}`;
		} else if (job.attempts >= saavorConfig.maxAttempts) {
			await sql`update saavor_outbound set status = 'failed', last_error = ${error} where id = ${job.id}`;
		} else {
			await sql`update saavor_outbound set last_error = ${error},
				next_attempt_at = now() + ${backoffMs(job.attempts) / 1000} * interval '1 second' where id = ${job.id}`;
		}
	}
	return claimed.length;
}

/**
 * Demo of the outbound path: synthesizes a Saavor order for the first location, queues its
 * "ready for handoff" call, delivers what is due and reports the call's state.
 */
export async function testOutbound(sql: Sql) {
	if (!saavorConfig.outboundUrl) throw new ApiError(409, 'SAAVOR_OUTBOUND_URL is not configured');
	const [loc] = await sql<
		{ slug: string }[]
	>`select slug from locations order by created_at limit 1`;
	if (!loc) throw new ApiError(409, 'Create a location first');
	const { raw, signature } = synthesize(loc.slug);
	const r = await receive(sql, raw, signature);
	const orderId = r.status === 200 ? r.body.order_id : null;
	if (!orderId) throw new ApiError(500, 'Could not synthesize an order');
	const queued = await sql.begin(async (tx) =>
		enqueuePrepared(tx, (await orders.get(tx, orderId))!)
	);
	const delivered = await deliverDue(sql);
	const [row] = await sql<{ status: string; attempts: number; last_error: string | null }[]>`
		select status, attempts, last_error from saavor_outbound where id = ${queued.id}`;
	return { outbound_id: queued.id, processed: delivered, ...row };
}

let worker: ReturnType<typeof setInterval> | undefined;

/** Runs the outbound queue in this process (every web process may run one). */
export function startOutboundWorker(sql: Sql, everyMs = config.saavorOutboundPollMs) {
	if (worker) return;
	let busy = false;
	worker = setInterval(async () => {
		if (busy || !saavorConfig.outboundUrl) return;
		busy = true;
		try {
			while ((await deliverDue(sql)) > 0) {
				/* drain what is due */
			}
		} catch (e) {
			console.warn('saavor outbound:', (e as Error).message);
		} finally {
			busy = false;
		}
	}, everyMs);
	worker.unref?.();
}

export function stopOutboundWorker() {
	clearInterval(worker);
	worker = undefined;
}
