import { db } from '$lib/server/db';
import { asDiner } from '$lib/server/auth/routes';
import { channels } from '$lib/shared/channels';
import { channelStream, parseSince, sseResponse } from '$lib/server/events/sse';

// The diner's own session channel as Server-Sent Events. EventSource cannot send headers, so
// the customer token comes as ?token= (the row says so); it only ever opens session:{its own
// session}.
export const GET = asDiner(
	'GET',
	'/api/customer/{branchSlug}/{tableCode}/events',
	async (event, d) => {
		const since = parseSince(
			event.request.headers.get('last-event-id') ?? event.url.searchParams.get('since')
		);
		return sseResponse(
			channelStream(db(), channels.session(d.session.id), since, { heartbeatMs: 10_000 })
		);
	}
);
