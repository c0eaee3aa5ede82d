// Words the floor shows for the wire's states.
import type { FloorOrder } from '$lib/shared/wire/floor';

export type { FloorCall, FloorOrder, FloorTable } from '$lib/shared/wire/floor';

export const PREP_LABEL: Record<FloorOrder['prep_state'], string> = {
	queued: 'Received',
	preparing: 'Preparing',
	ready: 'Ready'
};
