// Applying kitchen stream events to the board: pure and idempotent, so replays after a
// reconnect (or an event that overlaps the snapshot) can never duplicate or regress a ticket.
import type { OrderEvent } from '$lib/shared/events';
import type { KitchenOrder, PrepState } from '$lib/shared/wire/kitchen';

export type { PrepState };
/** A ticket is the kitchen order as the snapshot and every `order:*` event carry it. */
export type Ticket = KitchenOrder;

export interface KitchenEvent {
	type: 'order:created' | 'order:updated' | 'order:cancelled';
	seq: number;
	payload: Pick<OrderEvent, 'order'>;
}

export interface Board {
	tickets: Record<string, Ticket>;
	/** Last stream seq applied. */
	seq: number;
}

const time = (s: string) => Date.parse(s);

/** Applies one event; events at or below the board's seq are ignored (already applied). */
export function apply(board: Board, e: KitchenEvent): Board {
	if (e.seq <= board.seq) return board;
	const next: Board = { tickets: board.tickets, seq: e.seq };
	const o = e.payload.order;
	if (e.type === 'order:cancelled') {
		if (!(o.id in board.tickets)) return next;
		const { [o.id]: _gone, ...rest } = board.tickets;
		return { ...next, tickets: rest };
	}
	// created / updated: the event carries the whole order. A stale copy (older than what we
	// show) never overwrites a newer one.
	const prev = board.tickets[o.id];
	if (prev && time(o.updated_at) < time(prev.updated_at)) return next;
	return { ...next, tickets: { ...board.tickets, [o.id]: o } };
}

export function fromSnapshot(orders: Ticket[], seq: number): Board {
	return { tickets: Object.fromEntries(orders.map((o) => [o.id, o])), seq };
}

/** Tickets of one state, oldest first. */
export function column(board: Board, state: PrepState): Ticket[] {
	return Object.values(board.tickets)
		.filter((t) => t.prep_state === state)
		.sort((a, b) => time(a.created_at) - time(b.created_at) || a.id.localeCompare(b.id));
}

/** "All day": how many of each item are still to cook (queued + preparing). */
export function allDay(board: Board): { name: string; quantity: number }[] {
	const m = new Map<string, number>();
	for (const t of Object.values(board.tickets)) {
		if (t.prep_state === 'ready') continue;
		for (const l of t.lines) m.set(l.name, (m.get(l.name) ?? 0) + l.quantity);
	}
	return [...m]
		.map(([name, quantity]) => ({ name, quantity }))
		.sort((a, b) => b.quantity - a.quantity || a.name.localeCompare(b.name));
}

export function next(state: PrepState): PrepState | null {
	return state === 'queued' ? 'preparing' : state === 'preparing' ? 'ready' : null;
}

export function previous(state: PrepState): PrepState | null {
	return state === 'ready' ? 'preparing' : state === 'preparing' ? 'queued' : null;
}

/** Ticket age colour: fresh, aging (≥ warn minutes) or late (≥ late minutes). */
export function age(
	createdAt: string,
	now: number,
	warnMin: number,
	lateMin: number
): 'fresh' | 'aging' | 'late' {
	const min = (now - time(createdAt)) / 60_000;
	return min >= lateMin ? 'late' : min >= warnMin ? 'aging' : 'fresh';
}

export const PREP_ORDER: Record<PrepState, number> = { queued: 0, preparing: 1, ready: 2 };
