// Kitchen taps made without signal (issue 12): the display queues each bump or hand-off with a
// client UUID and pushes the queue, in the order the cook made them, on reconnect
// (`POST /api/v1/sync/kitchen_actions-v1/push`). Each tap is applied through the same writer as
// a live tap (prep.ts) in its own transaction, and its outcome is stored with it, so a replay of
// a push whose answer was lost changes nothing and answers the same. A tap another screen had
// already made is reported as `already`, never applied twice; one the ticket has moved past is a
// `conflict`; one that cannot apply (order gone, malformed) is `rejected`. None of these is a
// 4xx: the display's queue must never stall behind one tap.
import { z } from 'zod';
import type { Sql, Tx } from '../db/index';
import { ApiError, describeZodError, forbidden } from '../http/errors';
import { uuid } from '../http/request';
import { inScope, type Identity } from '../auth/identity';
import { PREP_STATES } from '../../shared/wire/kitchen';
import type { KitchenActionOutcome, KitchenActionResult } from '../../shared/wire/sync';
import * as prep from './prep';

const state = z.enum(PREP_STATES as [string, ...string[]]);

const action = z
	.object({
		id: uuid,
		order_id: uuid,
		kind: z.enum(['transition', 'serve', 'unserve']),
		from: state.nullable(),
		to: state.nullable(),
		made_at: z.iso.datetime({ offset: true }),
		device_id: z.string().min(1).max(100)
	})
	.refine((a) => a.kind !== 'transition' || (a.from && a.to), {
		message: 'a transition needs from and to',
		path: ['to']
	});
type Action = z.output<typeof action>;

/** The fields a device writes, as compared for "same id, same payload". */
function payload(d: Record<string, unknown>) {
	return JSON.stringify([d.order_id, d.kind, d.from ?? null, d.to ?? null, d.made_at, d.device_id]);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Replays queued taps for a location in the order given; one result per row, same order. */
export async function replay(
	sql: Sql,
	me: Identity,
	locationId: string,
	rows: { newDocumentState: Record<string, unknown> & { id: string } }[]
): Promise<KitchenActionResult[]> {
	if (!inScope(me, locationId)) throw forbidden();
	const results: KitchenActionResult[] = [];
	// Sequential on purpose: the second tap on a ticket depends on the first.
	for (const r of rows)
		results.push(await sql.begin((tx) => one(tx, me, locationId, r.newDocumentState)));
	return results;
}

async function one(
	tx: Tx,
	me: Identity,
	locationId: string,
	doc: Record<string, unknown> & { id: string }
): Promise<KitchenActionResult> {
	const id = doc.id.toLowerCase();
	const orderId = typeof doc.order_id === 'string' && UUID.test(doc.order_id) ? doc.order_id : null;
	const parsed = action.safeParse(doc);
	const a = parsed.success ? parsed.data : null;
	// Claim the id first: a concurrent replay of the same tap waits here for this one's commit
	// and then answers what it stored.
	const claimed = await tx`
		insert into kitchen_actions (id, location_id, order_id, kind, from_state, to_state, made_at,
			made_by, device_id, outcome, doc)
		values (${id}, ${locationId}, ${orderId}, ${a?.kind ?? null}, ${a?.from ?? null},
			${a?.to ?? null}, ${a?.made_at ?? null}, ${me.userId}, ${a?.device_id ?? null}, 'rejected',
			${tx.json(doc as never)})
		on conflict (id) do nothing returning id`;
	if (!claimed.length) {
		const [old] = await tx<
			{
				location_id: string;
				order_id: string | null;
				outcome: KitchenActionOutcome;
				message: string | null;
				doc: Record<string, unknown>;
			}[]
		>`select location_id, order_id, outcome, message, doc from kitchen_actions where id = ${id}`;
		if (old.location_id === locationId && payload(old.doc) === payload(doc)) {
			return { id, order_id: old.order_id, outcome: old.outcome, message: old.message };
		}
		return {
			id,
			order_id: orderId,
			outcome: 'rejected',
			message: 'This id was already used for another change'
		};
	}
	const { outcome, message } = a
		? await apply(tx, me, locationId, a)
		: { outcome: 'rejected' as const, message: describeZodError(parsed.error!) };
	await tx`update kitchen_actions set outcome = ${outcome}, message = ${message} where id = ${id}`;
	return { id, order_id: orderId, outcome, message };
}

async function apply(
	tx: Tx,
	me: Identity,
	locationId: string,
	a: Action
): Promise<{ outcome: KitchenActionOutcome; message: string | null }> {
	try {
		await tx.savepoint((sp) =>
			a.kind === 'transition'
				? prep.move(sp, me, locationId, a.order_id, a.to as never, a.from as never)
				: prep.serve(sp, me, locationId, a.order_id, a.kind === 'serve')
		);
		return { outcome: 'applied', message: null };
	} catch (e) {
		if (!(e instanceof ApiError) || (e.status !== 409 && e.status !== 404)) throw e;
		// Not applied: say whether another screen got there first or the ticket moved on.
		const [o] = await tx<
			{ prep_state: string; served_at: Date | null; cancelled_at: Date | null }[]
		>`select prep_state, served_at, cancelled_at from orders
			where id = ${a.order_id} and location_id = ${locationId}`;
		if (!o) return { outcome: 'rejected', message: 'Order not found' };
		if (o.cancelled_at) return { outcome: 'rejected', message: 'Order was cancelled' };
		const done =
			a.kind === 'transition'
				? o.prep_state === a.to
				: a.kind === 'serve'
					? o.served_at !== null
					: o.served_at === null;
		if (done) return { outcome: 'already', message: 'Already done on another screen' };
		return { outcome: 'conflict', message: `${e.message}: not changed` };
	}
}
