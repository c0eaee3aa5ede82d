import { describe, expect, it } from 'vitest';
import {
	age,
	allDay,
	apply,
	column,
	elapsed,
	fit,
	fromSnapshot,
	onBoard,
	recallable,
	recallTarget,
	ticketAge,
	ticketName,
	type Ticket
} from './merge';

const t = (
	id: string,
	state: Ticket['prep_state'],
	updated = '2026-01-01T10:00:00Z',
	created = updated
): Ticket => ({
	id,
	location_id: '11111111-2222-4333-8444-555555555555',
	source: 'saavor',
	external_id: id,
	table_number: null,
	customer_name: '',
	notes: '',
	prep_state: state,
	total_cents: 0,
	created_at: created,
	updated_at: updated,
	prep_state_changed_at: updated,
	served_at: null,
	lines: [{ name: 'Lomo', quantity: 2, notes: '' }]
});

describe('kitchen board merge', () => {
	it('adds, updates and cancels tickets; replays are no-ops', () => {
		let b = fromSnapshot([t('a', 'queued')], 5);
		b = apply(b, { type: 'order:created', seq: 6, payload: { order: t('b', 'queued') } });
		b = apply(b, {
			type: 'order:updated',
			seq: 7,
			payload: { order: t('a', 'preparing', '2026-01-01T10:01:00Z') }
		});
		const snapshot = JSON.stringify(b);
		// The same events again (a reconnect replay) change nothing.
		b = apply(b, { type: 'order:created', seq: 6, payload: { order: t('b', 'queued') } });
		b = apply(b, {
			type: 'order:updated',
			seq: 7,
			payload: { order: t('a', 'preparing', '2026-01-01T10:01:00Z') }
		});
		expect(JSON.stringify(b)).toBe(snapshot);
		expect(column(b, 'queued').map((x) => x.id)).toEqual(['b']);
		expect(column(b, 'preparing').map((x) => x.id)).toEqual(['a']);
		b = apply(b, { type: 'order:cancelled', seq: 8, payload: { order: t('b', 'queued') } });
		expect(Object.keys(b.tickets)).toEqual(['a']);
		expect(b.seq).toBe(8);
	});

	it('an older copy never overwrites a newer one', () => {
		let b = fromSnapshot([t('a', 'ready', '2026-01-01T10:05:00Z')], 10);
		b = apply(b, {
			type: 'order:updated',
			seq: 11,
			payload: { order: t('a', 'preparing', '2026-01-01T10:01:00Z') }
		});
		expect(b.tickets.a.prep_state).toBe('ready');
		expect(b.seq).toBe(11);
	});

	it('events already in the snapshot are ignored by seq', () => {
		const b = fromSnapshot([t('a', 'ready', '2026-01-01T10:05:00Z')], 10);
		expect(apply(b, { type: 'order:created', seq: 9, payload: { order: t('z', 'queued') } })).toBe(
			b
		);
	});

	it('counts all-day quantities of what is still to cook, and ages tickets', () => {
		const b = fromSnapshot([t('a', 'queued'), t('b', 'preparing'), t('c', 'ready')], 0);
		expect(allDay(b)).toEqual([{ name: 'Lomo', quantity: 4 }]);
		const now = Date.parse('2026-01-01T10:00:00Z');
		expect(age('2026-01-01T09:55:00Z', now, 8, 15)).toBe('fresh');
		expect(age('2026-01-01T09:50:00Z', now, 8, 15)).toBe('aging');
		expect(age('2026-01-01T09:40:00Z', now, 8, 15)).toBe('late');
	});
});

describe('clearing the board', () => {
	const now = Date.parse('2026-01-01T10:30:00Z');
	const c = { now, autoClearMin: 10 };
	const ready = (id: string, at: string, served: string | null = null): Ticket => ({
		...t(id, 'ready', at),
		served_at: served
	});

	it('a handed-off ticket leaves at once, a ready one after the auto-clear time', () => {
		expect(onBoard(t('q', 'queued', '2026-01-01T08:00:00Z'), c)).toBe(true);
		expect(onBoard(ready('r', '2026-01-01T10:25:00Z'), c)).toBe(true);
		expect(onBoard(ready('old', '2026-01-01T10:20:00Z'), c)).toBe(false);
		expect(onBoard(ready('s', '2026-01-01T10:29:00Z', '2026-01-01T10:29:30Z'), c)).toBe(false);
		// Recalled from "handed off": ready since 10:00, but put back at 10:29.
		const back = { ...ready('back', '2026-01-01T10:00:00Z'), updated_at: '2026-01-01T10:29:00Z' };
		expect(onBoard(back, c)).toBe(true);
		const b = fromSnapshot(
			[
				ready('r', '2026-01-01T10:25:00Z'),
				ready('old', '2026-01-01T10:20:00Z'),
				ready('s', '2026-01-01T10:29:00Z', '2026-01-01T10:29:30Z')
			],
			1
		);
		expect(column(b, 'ready', c).map((x) => x.id)).toEqual(['r']);
		// Without clearing rules the column is every ready ticket (the older callers).
		expect(column(b, 'ready')).toHaveLength(3);
	});

	it('offers the last N minutes of finished tickets for recall, newest first', () => {
		const b = fromSnapshot(
			[
				ready('r', '2026-01-01T10:25:00Z'),
				ready('old', '2026-01-01T10:20:00Z'),
				ready('s', '2026-01-01T10:10:00Z', '2026-01-01T10:29:30Z'),
				ready('gone', '2026-01-01T09:00:00Z', '2026-01-01T09:05:00Z'),
				t('p', 'preparing', '2026-01-01T10:29:00Z')
			],
			1
		);
		expect(recallable(b, now, 15).map((x) => x.id)).toEqual(['s', 'r', 'old']);
	});

	it('recalls the last bump only while it stands: same state, not handed off', () => {
		const b = fromSnapshot(
			[t('a', 'preparing'), ready('r', '2026-01-01T10:25:00Z'), t('q', 'queued')],
			1
		);
		expect(recallTarget(b, { id: 'a', from: 'queued' })?.id).toBe('a');
		expect(recallTarget(b, { id: 'r', from: 'preparing' })?.id).toBe('r');
		expect(recallTarget(b, null)).toBeNull();
		// Moved on (or back) by someone else since, or gone from the board.
		expect(recallTarget(b, { id: 'a', from: 'preparing' })).toBeNull();
		expect(recallTarget(b, { id: 'q', from: 'queued' })).toBeNull();
		expect(recallTarget(b, { id: 'nope', from: 'queued' })).toBeNull();
		// Handed off: hidden from the board, so not undone by a tap the cook cannot see.
		const served = { ...b.tickets.r, served_at: '2026-01-01T10:26:00Z' };
		const after = { ...b, tickets: { ...b.tickets, r: served } };
		expect(recallTarget(after, { id: 'r', from: 'preparing' })).toBeNull();
	});

	it('stops the clock at Ready and names tickets by table, POS number or short id', () => {
		expect(ticketAge(t('a', 'preparing', '2026-01-01T10:00:00Z'), now, 8, 15)).toBe('late');
		expect(ticketAge(t('a', 'ready', '2026-01-01T10:00:00Z'), now, 8, 15)).toBe('done');
		expect(elapsed('2026-01-01T10:27:55Z', now)).toBe('2:05');
		expect(elapsed('2026-01-01T10:31:00Z', now)).toBe('0:00');
		expect(ticketName({ table_number: 4, external_id: null, id: 'x' })).toBe('Table 4');
		expect(ticketName({ table_number: null, external_id: 'SV-1042', id: 'x' })).toBe('#SV-1042');
		expect(ticketName({ table_number: null, external_id: '0123456789', id: 'x' })).toBe(
			'#0123456789'
		);
		expect(ticketName({ table_number: null, external_id: 'ord_8f3k2j9d0s8f7g6h', id: 'x' })).toBe(
			'#…8f7g6h'
		);
		expect(ticketName({ table_number: null, external_id: null, id: 'ab12cd' })).toBe('#AB12');
	});

	it('fits a column and counts the rest', () => {
		expect(fit([1, 2, 3], 5)).toEqual({ shown: [1, 2, 3], more: 0 });
		expect(fit([1, 2, 3, 4, 5, 6], 4)).toEqual({ shown: [1, 2, 3, 4], more: 2 });
	});
});
