// Outbox: call inside the transaction that changes state. Each channel's counter row is
// locked until commit, so seq is gapless and ordered by commit per channel. Listeners are
// woken after commit (NOTIFY is transactional; embedded PGlite is polled instead).
import type { Db, Tx } from '../db/index';
import type { Channel } from '../../shared/channels';
import type { EmitPayload, EventType } from '../../shared/events';
import type { OutboxRow } from '../../shared/protocol';

export const NOTIFY_CHANNEL = 'preptable_events';

export interface EventRow extends OutboxRow {
	created_at: Date;
}

/**
 * Appends one event to each channel; returns the assigned seqs (same order as channels).
 * Takes a transaction only: the counter row stays locked until commit, which is what makes
 * seq gapless and commit-ordered (on a bare pool each statement would commit on its own).
 */
export function emit<K extends EventType>(
	tx: Tx,
	to: Channel | readonly Channel[],
	type: K,
	payload: EmitPayload<K>
): Promise<number[]> {
	return append(tx, to, type, payload);
}

/**
 * Untyped append, for tests and the benchmark that exercise the outbox itself with made-up
 * event types. Application code uses `emit`.
 */
export async function append(
	tx: Tx,
	channelList: string | readonly string[],
	type: string,
	payload: unknown
): Promise<number[]> {
	const given: readonly string[] = typeof channelList === 'string' ? [channelList] : channelList;
	const list = [...new Set(given)].sort();
	const seqs: number[] = [];
	// Sorted channel order: two transactions emitting to the same pair lock them in one order.
	for (const channel of list) {
		const [{ last_seq }] = await tx<{ last_seq: number }[]>`
			insert into event_channels (channel, last_seq) values (${channel}, 1)
			on conflict (channel) do update set last_seq = event_channels.last_seq + 1
			returning last_seq`;
		await tx`
			insert into events (channel, seq, type, payload)
			values (${channel}, ${last_seq}, ${type}, ${tx.json(payload as never)})`;
		await tx`select pg_notify(${NOTIFY_CHANNEL}, ${`${channel} ${last_seq}`})`;
		seqs.push(last_seq);
	}
	const byChannel = new Map(list.map((c, i) => [c, seqs[i]]));
	return given.map((c) => byChannel.get(c)!);
}

/** Events of a channel after `since`, in seq order. */
export async function read(
	db: Db,
	channel: string,
	since: number,
	limit = 500
): Promise<EventRow[]> {
	return db<EventRow[]>`
		select channel, seq, type, payload, created_at from events
		where channel = ${channel} and seq > ${since}
		order by seq limit ${limit}`;
}

/** The channel's current seq and the oldest seq still retained (for "reset" decisions). */
export async function head(
	db: Db,
	channel: string
): Promise<{ last: number; oldest: number | null }> {
	const [r] = await db<{ last: number | null; oldest: number | null }[]>`
		select (select last_seq from event_channels where channel = ${channel}) as last,
			(select min(seq) from events where channel = ${channel}) as oldest`;
	return { last: r?.last ?? 0, oldest: r?.oldest ?? null };
}
