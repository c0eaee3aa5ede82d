import { db } from '$lib/server/db';
import { verifyCustomerToken } from '$lib/server/auth/customer-jwt';
import { channels } from '$lib/shared/channels';
import { channelStream, parseSince, sseResponse } from '$lib/server/events/sse';
import { ApiError } from '$lib/server/http/errors';
import { route } from '$lib/server/http/handler';
import { tableFromPath } from '$lib/server/tables/http';

// The diner's own session channel as Server-Sent Events. EventSource cannot send headers, so
// the customer token comes as ?token=; it only ever opens session:{its own session}.
export const GET = route(async (event) => {
	const table = await tableFromPath(event);
	const claims = await verifyCustomerToken(event.url.searchParams.get('token') ?? '');
	if (!claims) throw new ApiError(401, 'Invalid or expired customer token', 'INVALID_TOKEN');
	if (claims.tableId !== table.id)
		throw new ApiError(403, 'Token is for another table', 'TOKEN_TABLE_MISMATCH');
	const since = parseSince(
		event.request.headers.get('last-event-id') ?? event.url.searchParams.get('since')
	);
	return sseResponse(
		channelStream(db(), channels.session(claims.sessionId), since, { heartbeatMs: 10_000 })
	);
});
