import { z } from 'zod';
import { db } from '$lib/server/db';
import { resolve as resolveSession, SESSION_COOKIE } from '$lib/server/auth/sessions';
import { channels, mayRead, staffReader } from '$lib/shared/channels';
import { channelStream, parseSince, sseResponse } from '$lib/server/events/sse';
import { ApiError } from '$lib/server/http/errors';
import { gated } from '$lib/server/auth/routes';
import { readQuery } from '$lib/server/http/request';

const query = z.object({
	location_id: z.uuid({ message: 'must be a UUID' }),
	since: z.string().optional()
});

// Branch channel (session requests, approvals, calls, orders) as Server-Sent Events.
export const GET = gated('GET', '/api/tables/events', async (event, me) => {
	const q = readQuery(event.url, query);
	const channel = channels.branch(q.location_id);
	if (!mayRead(staffReader(me), channel)) throw new ApiError(403, 'Not your branch', 'FORBIDDEN');
	const token = event.cookies.get(SESSION_COOKIE);
	const since = parseSince(event.request.headers.get('last-event-id') ?? q.since);
	return sseResponse(
		channelStream(db(), channel, since, {
			stillAllowed: async () => (await resolveSession(db(), token)) !== null
		})
	);
});
