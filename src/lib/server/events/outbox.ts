// Outbox: call inside the transaction that changes state. Each channel's counter row is
// locked until commit, so seq is gapless and ordered by commit per channel. Listeners are
// woken after commit (NOTIFY is transactional; embedded PGlite is polled instead).
import type { Db } from '../db/index';

export const NOTIFY_CHANNEL = 'preptable_events';

export interface EventRow {
	channel: string;
	seq: number;
	type: string;
	payload: unknown;
	created_at: Date;
}

/** Channel names: branch:{locationId}, kitchen:{locationId}, inventory:{locationId}, session:{sessionId}. */
export const channels = {
	inventory: (locationId: string) => `inventory:${locationId}`,
	branch: (locationId: string) => `branch:${locationId}`,
	kitchen: (locationId: string) => `kitchen:${locationId}`,
	session: (sessionId: string) => `session:${sessionId}`
};

/** Appends one event to each channel; returns the assigned seqs (same order as channels). */
export async function emit(
	tx: Db,
	channelList: string | string[],
	type: string,
	payload: unknown
): Promise<number[]> {
	const list = [...new Set(Array.isArray(channelList) ? channelList : [channelList])].sort();
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
	return (Array.isArray(channelList) ? channelList : [channelList]).map((c) => byChannel.get(c)!);
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
