// Outbox: call inside the transaction that changes state. Each channel's counter row is
// locked until commit, so seq is gapless and ordered by commit per channel. Listeners are
// woken by a NOTIFY sent after commit (embedded PGlite is polled instead); a wake-up lost to a
// crash between the two is caught by the bus's safety poll, and listeners read the outbox
// themselves, so a late or repeated wake-up loses or repeats nothing.
import { afterCommit, type Db, type Sql, type Tx } from '../db/index';
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
	// One round trip per channel: the counter row stays locked from here to the commit, and
	// every writer of the channel waits for it, so nothing else happens while it is held.
	for (const channel of list) {
		const [{ seq }] = await tx<{ seq: number }[]>`
			with c as (
				insert into event_channels (channel, last_seq) values (${channel}, 1)
				on conflict (channel) do update set last_seq = event_channels.last_seq + 1
				returning last_seq
			)
			insert into events (channel, seq, type, payload)
			select ${channel}, last_seq, ${type}, ${tx.json(payload as never)} from c
			returning seq`.execute(); // sent now, behind whatever the caller started before
		seqs.push(seq);
	}
	const wakes = list.map((c, i) => `${c} ${seqs[i]}`);
	// Listeners are woken after commit (see notifier below); a transaction that is not a
	// pool's own (nor a savepoint of one) notifies inside itself, which NOTIFY delivers at commit.
	if (!afterCommit(tx, (pool) => notifier(pool).send(wakes))) {
		await tx`select pg_notify(${NOTIFY_CHANNEL}, w) from unnest(${wakes}::text[]) w`;
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

// Wake-ups leave one statement at a time per pool, carrying everything that committed while
// the previous one was in flight: a NOTIFY takes a database-wide lock until its commit, so a
// burst of writers costs a few notifying transactions, not one each.
class Notifier {
	private pending = new Map<string, string>();
	private busy = false;
	constructor(private pool: Sql) {}

	send(wakes: string[]) {
		// Per channel only the newest seq matters: listeners read everything after what they have.
		for (const w of wakes) this.pending.set(w.slice(0, w.lastIndexOf(' ')), w);
		if (!this.busy) void this.flush();
	}

	private async flush() {
		this.busy = true;
		try {
			while (this.pending.size) {
				const batch = [...this.pending.values()];
				this.pending.clear();
				try {
					await this.pool`select pg_notify(${NOTIFY_CHANNEL}, w) from unnest(${batch}::text[]) w`;
				} catch (e) {
					// Pool closing or database away: the safety poll wakes listeners instead.
					console.warn('outbox: wake-up not sent:', (e as Error).message);
				}
			}
		} finally {
			this.busy = false;
		}
	}
}

const notifiers = new WeakMap<Sql, Notifier>();
function notifier(pool: Sql): Notifier {
	let n = notifiers.get(pool);
	if (!n) notifiers.set(pool, (n = new Notifier(pool)));
	return n;
}
