import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json, noContent } from '$lib/server/http/handler';
import { idParam, readJson } from '$lib/server/http/request';
import * as dayparts from '$lib/server/menus/dayparts';

export const PUT = v1('PUT', '/api/v1/dayparts/{daypartID}', async ({ params, request }, me) => {
	const id = idParam(params.daypartID, 'Daypart');
	const patch = await readJson(request, dayparts.daypartUpdate);
	return json(await dayparts.update(db(), me, id, patch));
});

export const DELETE = v1('DELETE', '/api/v1/dayparts/{daypartID}', async ({ params }, me) => {
	await dayparts.remove(db(), me, idParam(params.daypartID, 'Daypart'));
	return noContent();
});
