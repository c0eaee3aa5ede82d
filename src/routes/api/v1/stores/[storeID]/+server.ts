import { v1 } from '$lib/server/auth/routes';
import { requireLocation } from '$lib/server/auth/guard';
import { record } from '$lib/server/audit/log';
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
	const updated = await db().begin(async (tx) => {
		const before = await stores.lock(tx, id);
		if (!before) throw notFound('Store not found');
		requireLocation(me, before.location_id);
		const after = await stores.update(tx, id, patch);
		await record(tx, me, {
			action: 'update',
			entity: 'store',
			entityId: id,
			locationId: after.location_id,
			before,
			after
		});
		return after;
	});
	return json(updated);
});

export const DELETE = v1('DELETE', '/api/v1/stores/{storeID}', async ({ params }, me) => {
	const id = idParam(params.storeID, 'Store');
	await db().begin(async (tx) => {
		const before = await stores.lock(tx, id);
		if (!before) throw notFound('Store not found');
		requireLocation(me, before.location_id);
		await stores.remove(tx, id);
		await record(tx, me, {
			action: 'delete',
			entity: 'store',
			entityId: id,
			locationId: before.location_id,
			before
		});
	});
	return noContent();
});
