import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { notFound } from '$lib/server/http/errors';
import { json, noContent } from '$lib/server/http/handler';
import { idParam, readJson } from '$lib/server/http/request';
import * as locations from '$lib/server/locations/locations';

export const GET = v1('GET', '/api/v1/locations/{locationID}', async ({ params }, me) => {
	const loc = await locations.get(db(), me, idParam(params.locationID, 'Location'));
	if (!loc) throw notFound('Location not found');
	return json(loc);
});

export const PUT = v1('PUT', '/api/v1/locations/{locationID}', async ({ params, request }, me) => {
	const id = idParam(params.locationID, 'Location');
	const patch = await readJson(request, locations.locationUpdate);
	return json(await locations.update(db(), me, id, patch));
});

export const DELETE = v1('DELETE', '/api/v1/locations/{locationID}', async ({ params }, me) => {
	await locations.remove(db(), me, idParam(params.locationID, 'Location'));
	return noContent();
});
