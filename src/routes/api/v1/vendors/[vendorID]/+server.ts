import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json, noContent } from '$lib/server/http/handler';
import { notFound } from '$lib/server/http/errors';
import { idParam, readJson } from '$lib/server/http/request';
import * as vendors from '$lib/server/purchasing/vendors';
import * as prices from '$lib/server/costing/prices';

export const GET = v1('GET', '/api/v1/vendors/{vendorID}', async ({ params }) => {
	const v = await vendors.get(db(), idParam(params.vendorID, 'Vendor'));
	if (!v) throw notFound('Vendor not found');
	return json(v);
});

export const PUT = v1('PUT', '/api/v1/vendors/{vendorID}', async ({ params, request }, me) => {
	const id = idParam(params.vendorID, 'Vendor');
	const patch = await readJson(request, vendors.vendorUpdate);
	return json(await vendors.update(db(), me, id, patch));
});

export const DELETE = v1('DELETE', '/api/v1/vendors/{vendorID}', async ({ params }, me) => {
	await prices.deleteVendor(db(), me, idParam(params.vendorID, 'Vendor'));
	return noContent();
});
