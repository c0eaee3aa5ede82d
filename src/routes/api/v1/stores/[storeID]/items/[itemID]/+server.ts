import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { idParam, readJson } from '$lib/server/http/request';
import * as stock from '$lib/server/inventory/stock';

// Set-quantity: the level becomes `quantity`; the movement records the delta it took.
export const PUT = v1(
	'PUT',
	'/api/v1/stores/{storeID}/items/{itemID}',
	async ({ params, request }, me) => {
		const storeId = idParam(params.storeID, 'Store');
		const itemId = idParam(params.itemID, 'Item');
		const body = await readJson(request, stock.setQuantityInput);
		const r = await stock.setQuantity(db(), me, storeId, itemId, body);
		return json({ movement: r.movement, level: r.level });
	}
);
