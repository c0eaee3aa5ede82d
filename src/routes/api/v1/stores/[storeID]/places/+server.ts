import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { notFound } from '$lib/server/http/errors';
import { json } from '$lib/server/http/handler';
import { idParam, readJson } from '$lib/server/http/request';
import * as places from '$lib/server/inventory/places';

export const GET = v1('GET', '/api/v1/stores/{storeID}/places', async ({ params }, me) => {
	const storeId = idParam(params.storeID, 'Store');
	const walk = await places.list(db(), me, storeId);
	if (!walk) throw notFound('Store not found');
	return json(walk);
});

export const PUT = v1('PUT', '/api/v1/stores/{storeID}/places', async ({ params, request }, me) => {
	const storeId = idParam(params.storeID, 'Store');
	const body = await readJson(request, places.walkInput);
	return json(await places.setWalk(db(), me, storeId, body));
});
