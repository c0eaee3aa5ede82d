import { db } from '$lib/server/db';
import { gated } from '$lib/server/auth/routes';
import { ok } from '$lib/server/http/handler';
import { locationFilter, readQuery } from '$lib/server/http/request';
import * as calls from '$lib/server/tables/calls';

export const GET = gated('GET', '/api/tables/calls', async (event, me) => {
	const { location_id } = readQuery(event.url, locationFilter);
	return ok(await calls.pending(db(), me, location_id));
});
