// Purchase-order lifecycle, pure (the server enforces it, screens use it to offer buttons).
//   draft → submitted → partially_received → received, and draft/submitted → cancelled.
// Receiving moves submitted/partially_received forward; a person may close a short delivery
// (partially_received → received). Everything else is a 409.
export const PO_STATUSES = [
	'draft',
	'submitted',
	'partially_received',
	'received',
	'cancelled'
] as const;
export type PoStatus = (typeof PO_STATUSES)[number];

/** Transitions a person asks for through POST .../status. */
const BY_HAND: Record<PoStatus, readonly PoStatus[]> = {
	draft: ['submitted', 'cancelled'],
	submitted: ['cancelled'],
	partially_received: ['received'],
	received: [],
	cancelled: []
};

export function canTransition(from: PoStatus, to: PoStatus): boolean {
	return BY_HAND[from].includes(to);
}

export function transitionsFrom(from: PoStatus): readonly PoStatus[] {
	return BY_HAND[from];
}

/** A delivery can be received against these. */
export function receivable(s: PoStatus): boolean {
	return s === 'submitted' || s === 'partially_received';
}

/** Status after a receipt: received once every line has all it ordered. */
export function afterReceipt(lines: readonly { ordered: number; received: number }[]): PoStatus {
	return lines.every((l) => l.received >= l.ordered - 1e-9) ? 'received' : 'partially_received';
}
