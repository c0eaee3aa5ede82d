import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { idParam, readJson } from '$lib/server/http/request';
import * as dayparts from '$lib/server/menus/dayparts';

export const GET = v1('GET', '/api/v1/locations/{locationID}/dayparts', async ({ params }, me) =>
	json(await dayparts.list(db(), me, idParam(params.locationID, 'Location')))
);

export const POST = v1(
	'POST',
	'/api/v1/locations/{locationID}/dayparts',
	async ({ params, request }, me) => {
		const locationId = idParam(params.locationID, 'Location');
		const input = await readJson(request, dayparts.daypartInput);
		return json(await dayparts.create(db(), me, locationId, input), 201);
	}
);
