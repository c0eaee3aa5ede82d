import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json, noContent } from '$lib/server/http/handler';
import { idParam, readJson } from '$lib/server/http/request';
import * as placements from '$lib/server/menus/placements';

export const PUT = v1(
	'PUT',
	'/api/v1/placements/{placementID}',
	async ({ params, request }, me) => {
		const id = idParam(params.placementID, 'Placement');
		const patch = await readJson(request, placements.placementUpdate);
		return json(await placements.update(db(), me, id, patch));
	}
);

export const DELETE = v1('DELETE', '/api/v1/placements/{placementID}', async ({ params }, me) => {
	await placements.remove(db(), me, idParam(params.placementID, 'Placement'));
	return noContent();
});
