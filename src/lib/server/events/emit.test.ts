// Compile-time contract of `emit` and `recordChange`: `npm run check` type-checks this file,
// and each `@ts-expect-error` line fails the check if the line it covers compiles.
import { describe, expect, it } from 'vitest';
import type { Sql, Tx } from '../db/index';
import { recordChange } from '../audit/log';
import { emit } from './outbox';
import { channels } from '../../shared/channels';
import type { EmitPayload } from '../../shared/events';
import type { KitchenOrder } from '../../shared/wire/kitchen';

// Never called: only compiled (the declared values exist for the type checker only).
export function compileOnly(tx: Tx, pool: Sql, order: KitchenOrder<Date>) {
	const ch = channels.kitchen(order.location_id);
	const created: EmitPayload<'order:created'> = { orderId: order.id, order, sessionId: null };
	const call: EmitPayload<'call:created'> = {
		callId: 'c',
		type: 'waiter',
		tableId: 't',
		tableNumber: 1,
		sessionId: 's'
	};
	const partial = { orderId: order.id, sessionId: null };
	const audit = { action: 'create', entity: 'order' };

	void emit(tx, ch, 'order:created', created);
	void emit(tx, [ch, channels.branch(order.location_id)], 'call:created', call);
	void recordChange(tx, null, audit, { to: ch, type: 'order:created', payload: created });

	// @ts-expect-error a payload of another event type
	void emit(tx, ch, 'order:created', call);
	// @ts-expect-error an order event without its order
	void emit(tx, ch, 'order:created', partial);
	// @ts-expect-error an event type that is not in the map
	void emit(tx, ch, 'order:eaten', created);
	// @ts-expect-error a bare pool: outside a transaction seq would not be gapless
	void emit(pool, ch, 'order:created', created);
	// @ts-expect-error not a channel name
	void emit(tx, 'kitchen', 'order:created', created);
	// @ts-expect-error recordChange checks each event's payload against its type too
	void recordChange(tx, null, audit, { to: ch, type: 'call:created', payload: created });
}

describe('typed emit', () => {
	it('is checked at compile time (see the @ts-expect-error lines above)', () => {
		expect(typeof compileOnly).toBe('function');
	});
});
