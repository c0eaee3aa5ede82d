import { v1 } from '$lib/server/auth/routes';
import { record } from '$lib/server/audit/log';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { readJson } from '$lib/server/http/request';
import * as locations from '$lib/server/locations/locations';

export const GET = v1('GET', '/api/v1/locations', async (_e, me) =>
	json(await locations.list(db(), me))
);

export const POST = v1('POST', '/api/v1/locations', async ({ request }, me) => {
	const input = await readJson(request, locations.locationInput);
	const loc = await db().begin(async (tx) => {
		const l = await locations.create(tx, input);
		await record(tx, me, {
			action: 'create',
			entity: 'location',
			entityId: l.id,
			locationId: l.id,
			after: l
		});
		return l;
	});
	return json(loc, 201);
});
