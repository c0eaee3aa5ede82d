import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json, noContent } from '$lib/server/http/handler';
import { idParam, readJson } from '$lib/server/http/request';
import * as vendors from '$lib/server/purchasing/vendors';
import * as prices from '$lib/server/costing/prices';

export const PUT = v1(
	'PUT',
	'/api/v1/vendors/{vendorID}/items/{itemID}',
	async ({ params, request }, me) => {
		const vendorId = idParam(params.vendorID, 'Vendor');
		const itemId = idParam(params.itemID, 'Item');
		const input = await readJson(request, vendors.vendorItemInput);
		const { offer, created } = await prices.putVendorItem(db(), me, vendorId, itemId, input);
		return json(offer, created ? 201 : 200);
	}
);

export const DELETE = v1(
	'DELETE',
	'/api/v1/vendors/{vendorID}/items/{itemID}',
	async ({ params }, me) => {
		const vendorId = idParam(params.vendorID, 'Vendor');
		await prices.removeVendorItem(db(), me, vendorId, idParam(params.itemID, 'Item'));
		return noContent();
	}
);
