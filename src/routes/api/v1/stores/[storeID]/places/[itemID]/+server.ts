import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json, noContent } from '$lib/server/http/handler';
import { idParam, readJson } from '$lib/server/http/request';
import * as places from '$lib/server/inventory/places';

export const PUT = v1(
	'PUT',
	'/api/v1/stores/{storeID}/places/{itemID}',
	async ({ params, request }, me) => {
		const storeId = idParam(params.storeID, 'Store');
		const itemId = idParam(params.itemID, 'Item');
		const body = await readJson(request, places.placeInput);
		return json(await places.setPlace(db(), me, storeId, itemId, body));
	}
);

export const DELETE = v1(
	'DELETE',
	'/api/v1/stores/{storeID}/places/{itemID}',
	async ({ params }, me) => {
		const storeId = idParam(params.storeID, 'Store');
		const itemId = idParam(params.itemID, 'Item');
		await places.removePlace(db(), me, storeId, itemId);
		return noContent();
	}
);
