import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { locationFilter, readJson, readQuery } from '$lib/server/http/request';
import * as stores from '$lib/server/inventory/stores';

export const GET = v1('GET', '/api/v1/stores', async ({ url }, me) => {
	const { location_id } = readQuery(url, locationFilter);
	return json(await stores.list(db(), me, location_id));
});

export const POST = v1('POST', '/api/v1/stores', async ({ request }, me) => {
	const input = await readJson(request, stores.storeInput);
	return json(await stores.create(db(), me, input), 201);
});
