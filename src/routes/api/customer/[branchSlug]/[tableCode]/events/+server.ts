import { db } from '$lib/server/db';
import { config } from '$lib/server/config';
import { asDiner } from '$lib/server/auth/routes';
import { verifyCustomerToken } from '$lib/server/auth/customer-jwt';
import { channels } from '$lib/shared/channels';
import { channelStream, parseSince, sseResponse } from '$lib/server/events/sse';
import * as sessions from '$lib/server/tables/sessions';

// A pending diner listens for the approval; once the session is rejected, ended or lapsed the
// token opens nothing (the gate checks that at connect: the row's session is 'open').
const open = (s: sessions.Session | undefined) =>
	s !== undefined && (s.status === 'pending' || s.status === 'active');
const ENDING = new Set(['session:ended', 'session:rejected']);

// The diner's own session channel as Server-Sent Events. EventSource cannot send headers, so
// the customer token comes as ?token= (the row says so); it only ever opens session:{its own
// session}, and only while that session is open: closed right after the session's ending is
// delivered, and re-checked every SSE_RECHECK_MS for endings that send no event (a lapse, an
// operator, the token's expiry).
export const GET = asDiner(
	'GET',
	'/api/customer/{branchSlug}/{tableCode}/events',
	async (event, d) => {
		const since = parseSince(
			event.request.headers.get('last-event-id') ?? event.url.searchParams.get('since')
		);
		const token = event.url.searchParams.get('token') ?? '';
		return sseResponse(
			channelStream(db(), channels.session(d.session.id), since, {
				heartbeatMs: 10_000,
				endAfter: (e) => ENDING.has(e.type),
				recheckMs: config.sseRecheckMs,
				stillAllowed: async () =>
					(await verifyCustomerToken(token)) !== null &&
					open(await sessions.get(db(), d.session.id))
			})
		);
	}
);
