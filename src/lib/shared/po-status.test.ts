import { describe, expect, it } from 'vitest';
import { afterReceipt, canTransition, PO_STATUSES, receivable } from './po-status';

describe('purchase-order status', () => {
	it('allows exactly the documented hand transitions', () => {
		const allowed = PO_STATUSES.flatMap((f) =>
			PO_STATUSES.filter((t) => canTransition(f, t)).map((t) => `${f}→${t}`)
		);
		expect(allowed).toEqual([
			'draft→submitted',
			'draft→cancelled',
			'submitted→cancelled',
			'partially_received→received'
		]);
	});

	it('receiving: only submitted or partly received orders; complete when every line is', () => {
		expect(PO_STATUSES.filter(receivable)).toEqual(['submitted', 'partially_received']);
		expect(
			afterReceipt([
				{ ordered: 2, received: 2 },
				{ ordered: 1, received: 1.5 }
			])
		).toBe('received');
		expect(
			afterReceipt([
				{ ordered: 2, received: 2 },
				{ ordered: 1, received: 0 }
			])
		).toBe('partially_received');
	});
});
