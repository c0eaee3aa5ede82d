import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { resolve as resolveSession, SESSION_COOKIE } from '$lib/server/auth/sessions';
import { channels, mayRead, staffReader } from '$lib/shared/channels';
import { channelStream, parseSince, sseResponse } from '$lib/server/events/sse';
import { forbidden, notFound } from '$lib/server/http/errors';
import { idParam } from '$lib/server/http/request';
import * as locations from '$lib/server/locations/locations';

// The sync poke stream (SSE) of a location's inventory channel: stock levels and counts. The
// leader tab's replication pulls on each event (RESYNC); resumable with Last-Event-ID.
export const GET = v1(
	'GET',
	'/api/v1/locations/{locationID}/inventory/events',
	async (event, me) => {
		const locationId = idParam(event.params.locationID, 'Location');
		const channel = channels.inventory(locationId);
		if (!mayRead(staffReader(me), channel)) throw forbidden();
		if (!(await locations.exists(db(), locationId))) throw notFound('Location not found');
		const since = parseSince(
			event.request.headers.get('last-event-id') ?? event.url.searchParams.get('since')
		);
		const token = event.cookies.get(SESSION_COOKIE);
		const stream = channelStream(db(), channel, since, {
			stillAllowed: async () => (await resolveSession(db(), token)) !== null
		});
		return sseResponse(stream);
	}
);
