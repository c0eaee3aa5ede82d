import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json, noContent } from '$lib/server/http/handler';
import { idParam, readJson } from '$lib/server/http/request';
import * as stock from '$lib/server/inventory/stock';

export const PUT = v1(
	'PUT',
	'/api/v1/locations/{locationID}/items/{itemID}/par',
	async ({ params, request }, me) => {
		const locationId = idParam(params.locationID, 'Location');
		const itemId = idParam(params.itemID, 'Item');
		const body = await readJson(request, stock.parInput);
		return json(await stock.setPar(db(), me, locationId, itemId, body));
	}
);

export const DELETE = v1(
	'DELETE',
	'/api/v1/locations/{locationID}/items/{itemID}/par',
	async ({ params }, me) => {
		const locationId = idParam(params.locationID, 'Location');
		const itemId = idParam(params.itemID, 'Item');
		await stock.removePar(db(), me, locationId, itemId);
		return noContent();
	}
);
