import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json, noContent } from '$lib/server/http/handler';
import { notFound } from '$lib/server/http/errors';
import { idParam, readJson } from '$lib/server/http/request';
import * as stores from '$lib/server/inventory/stores';

export const GET = v1('GET', '/api/v1/stores/{storeID}', async ({ params }, me) => {
	const store = await stores.get(db(), me, idParam(params.storeID, 'Store'));
	if (!store) throw notFound('Store not found');
	return json(store);
});

export const PUT = v1('PUT', '/api/v1/stores/{storeID}', async ({ params, request }, me) => {
	const id = idParam(params.storeID, 'Store');
	const patch = await readJson(request, stores.storeUpdate);
	return json(await stores.update(db(), me, id, patch));
});

export const DELETE = v1('DELETE', '/api/v1/stores/{storeID}', async ({ params }, me) => {
	await stores.remove(db(), me, idParam(params.storeID, 'Store'));
	return noContent();
});
