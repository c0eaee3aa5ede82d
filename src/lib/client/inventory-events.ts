// A location's inventory stream (GET /api/v1/locations/{id}/inventory/events), followed from
// where the caller left it: each new connection resumes after the last seq delivered, and a
// reset (events missed) is delivered as a change of unknown kind, since anything may have moved.
import { SseClient, type StreamEvent } from './sse.svelte';
import type { EventType } from '$lib/shared/events';

export function followInventory<T extends EventType>(
	locationId: string,
	events: readonly T[],
	/** The event, or null after a reset: reload what you show. */
	onChange: (e: StreamEvent<T> | null) => void
): SseClient<T> {
	let since: number | null = null;
	const stream = new SseClient<T>({
		url: () =>
			`/api/v1/locations/${locationId}/inventory/events${since === null ? '' : `?since=${since}`}`,
		events,
		heartbeatMs: 5000,
		onEvent: (e) => {
			since = e.seq;
			onChange(e);
		},
		onReset: async () => {
			since = null;
			onChange(null);
		}
	});
	stream.start();
	return stream;
}
