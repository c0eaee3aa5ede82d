import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { idParam, readJson } from '$lib/server/http/request';
import * as stock from '$lib/server/inventory/stock';

export const POST = v1(
	'POST',
	'/api/v1/items/{itemID}/stores/{storeID}/adjust',
	async ({ params, request }, me) => {
		const itemId = idParam(params.itemID, 'Item');
		const storeId = idParam(params.storeID, 'Store');
		const body = await readJson(request, stock.adjustInput);
		const r = await stock.adjust(db(), me, itemId, storeId, body);
		return json({ movement: r.movement, level: r.level }, r.replayed ? 200 : 201);
	}
);
