import { v1 } from '$lib/server/auth/routes';
import { record } from '$lib/server/audit/log';
import { db } from '$lib/server/db';
import { conflict, notFound } from '$lib/server/http/errors';
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
	return json(
		await db().begin(async (tx) => {
			const before = await locations.lock(tx, id);
			if (!before) throw notFound('Location not found');
			const after = await locations.update(tx, id, patch);
			await record(tx, me, {
				action: 'update',
				entity: 'location',
				entityId: id,
				locationId: id,
				before,
				after
			});
			return after;
		})
	);
});

export const DELETE = v1('DELETE', '/api/v1/locations/{locationID}', async ({ params }, me) => {
	const id = idParam(params.locationID, 'Location');
	await db().begin(async (tx) => {
		const before = await locations.lock(tx, id);
		if (!before) throw notFound('Location not found');
		const [{ history }] = await tx`select exists (select 1 from orders where location_id = ${id})
			or exists (select 1 from table_sessions where location_id = ${id}) as history`;
		if (history)
			throw conflict('Location has order or table-session history; it cannot be deleted');
		await locations.remove(tx, id);
		await record(tx, me, { action: 'delete', entity: 'location', entityId: id, before });
	});
	return noContent();
});
