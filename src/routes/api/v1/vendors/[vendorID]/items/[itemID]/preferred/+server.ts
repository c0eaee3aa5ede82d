import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { idParam } from '$lib/server/http/request';
import * as prices from '$lib/server/costing/prices';

export const POST = v1(
	'POST',
	'/api/v1/vendors/{vendorID}/items/{itemID}/preferred',
	async ({ params }, me) => {
		const vendorId = idParam(params.vendorID, 'Vendor');
		const itemId = idParam(params.itemID, 'Item');
		return json(await prices.setPreferred(db(), me, vendorId, itemId));
	}
);
