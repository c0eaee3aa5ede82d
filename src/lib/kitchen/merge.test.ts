import { describe, expect, it } from 'vitest';
import { age, allDay, apply, column, fromSnapshot, type Ticket } from './merge';

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
