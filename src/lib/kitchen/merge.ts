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

/** How the board clears itself; both per device (KitchenBoard keeps them in localStorage). */
export interface Clearing {
	now: number;
	/** A ready ticket not handed off leaves the board this long after it became ready. */
	autoClearMin: number;
}

/**
 * On the board: not handed off, and not left untouched on Ready for longer than the auto-clear
 * time. Untouched counts from the last change (updated_at), so a ticket recalled from "handed
 * off" stays up again for the whole time even though it became ready long ago.
 */
export function onBoard(t: Ticket, c: Clearing): boolean {
	if (t.served_at) return false;
	if (t.prep_state !== 'ready') return true;
	return c.now - time(t.updated_at) < c.autoClearMin * 60_000;
}

/** Tickets of one state still on the board, oldest first. */
export function column(board: Board, state: PrepState, c?: Clearing): Ticket[] {
	return Object.values(board.tickets)
		.filter((t) => t.prep_state === state && (!c || onBoard(t, c)))
		.sort((a, b) => time(a.created_at) - time(b.created_at) || a.id.localeCompare(b.id));
}

/**
 * What may be recalled: tickets that reached Ready (handed off, auto-cleared or still showing)
 * in the last `windowMin` minutes, most recently finished first. When it finished is when it
 * was handed off, or else when it became ready.
 */
export function recallable(board: Board, now: number, windowMin: number): Ticket[] {
	const done = (t: Ticket) => time(t.served_at ?? t.prep_state_changed_at);
	return Object.values(board.tickets)
		.filter((t) => t.prep_state === 'ready' && now - done(t) <= windowMin * 60_000)
		.sort((a, b) => done(b) - done(a) || a.id.localeCompare(b.id));
}

/** The first `max` of a column and how many more there are (the "+N more" tile). */
export function fit<T>(list: T[], max: number): { shown: T[]; more: number } {
	return list.length <= max
		? { shown: list, more: 0 }
		: { shown: list.slice(0, max), more: list.length - max };
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

/** A cook's bump: the ticket and the state it left. */
export type Bump = { id: string; from: PrepState };

/**
 * The ticket "Recall last" undoes the cook's last bump of, if that bump still stands: the
 * ticket is on the board in the state the bump took it to and has not been handed off. Once
 * someone moved or served it since, undoing "the last bump" would move it somewhere else.
 */
export function recallTarget(board: Board, bump: Bump | null): Ticket | null {
	const t = bump ? board.tickets[bump.id] : undefined;
	return t && !t.served_at && t.prep_state === next(bump!.from) ? t : null;
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

/** A ticket's age while it is being made; the clock stops at Ready ('done', never late). */
export function ticketAge(
	t: Pick<Ticket, 'created_at' | 'prep_state'>,
	now: number,
	warnMin: number,
	lateMin: number
): 'fresh' | 'aging' | 'late' | 'done' {
	return t.prep_state === 'ready' ? 'done' : age(t.created_at, now, warnMin, lateMin);
}

/** m:ss from `iso` to `now` (never negative). */
export function elapsed(iso: string, now: number): string {
	const s = Math.max(0, Math.floor((now - time(iso)) / 1000));
	return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** What the line calls a ticket: its table, else the POS order number, else a short id. */
export function ticketName(t: Pick<Ticket, 'table_number' | 'external_id' | 'id'>): string {
	if (t.table_number) return `Table ${t.table_number}`;
	// A POS id can be a long opaque string; what the line calls out is its end, and the name
	// must fit a ticket's head beside the timer.
	if (t.external_id)
		return t.external_id.length > 10 ? `#…${t.external_id.slice(-6)}` : `#${t.external_id}`;
	return `#${t.id.slice(0, 4).toUpperCase()}`;
}

export const PREP_ORDER: Record<PrepState, number> = { queued: 0, preparing: 1, ready: 2 };
