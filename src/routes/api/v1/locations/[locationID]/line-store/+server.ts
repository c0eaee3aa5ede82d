import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { notFound } from '$lib/server/http/errors';
import { idParam, readJson } from '$lib/server/http/request';
import * as sales from '$lib/server/inventory/sales';

// Addition (issue 14): the store a location's sales are taken from.
export const GET = v1(
	'GET',
	'/api/v1/locations/{locationID}/line-store',
	async ({ params }, me) => {
		const ls = await sales.lineStore(db(), me, idParam(params.locationID, 'Location'));
		if (!ls) throw notFound('Location not found');
		return json(ls);
	}
);

export const PUT = v1(
	'PUT',
	'/api/v1/locations/{locationID}/line-store',
	async ({ params, request }, me) => {
		const locationId = idParam(params.locationID, 'Location');
		const body = await readJson(request, sales.lineStoreInput);
		return json(await sales.setLineStore(db(), me, locationId, body));
	}
);
