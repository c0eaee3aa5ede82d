import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { readJson } from '$lib/server/http/request';
import * as locations from '$lib/server/locations/locations';

export const GET = v1('GET', '/api/v1/locations', async (_e, me) =>
	json(await locations.list(db(), me))
);

export const POST = v1('POST', '/api/v1/locations', async ({ request }, me) => {
	const input = await readJson(request, locations.locationInput);
	return json(await locations.create(db(), me, input), 201);
});
