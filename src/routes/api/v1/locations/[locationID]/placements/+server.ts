import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { idParam, readJson, readQuery } from '$lib/server/http/request';
import * as placements from '$lib/server/menus/placements';

export const GET = v1(
	'GET',
	'/api/v1/locations/{locationID}/placements',
	async ({ params, url }, me) => {
		const locationId = idParam(params.locationID, 'Location');
		const filter = readQuery(url, placements.placementFilter);
		return json(await placements.list(db(), me, locationId, filter));
	}
);

export const POST = v1(
	'POST',
	'/api/v1/locations/{locationID}/placements',
	async ({ params, request }, me) => {
		const locationId = idParam(params.locationID, 'Location');
		const input = await readJson(request, placements.placementInput);
		return json(await placements.create(db(), me, locationId, input), 201);
	}
);
