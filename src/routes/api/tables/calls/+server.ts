import { db } from '$lib/server/db';
import { ok, route } from '$lib/server/http/handler';
import { locationFilter, readQuery } from '$lib/server/http/request';
import * as calls from '$lib/server/tables/calls';
import { staff } from '$lib/server/tables/http';

export const GET = route(async (event) => {
	const me = staff(event);
	const { location_id } = readQuery(event.url, locationFilter);
	return ok(await calls.pending(db(), me, location_id));
});
