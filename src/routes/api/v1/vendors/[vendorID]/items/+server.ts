import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { notFound } from '$lib/server/http/errors';
import { idParam } from '$lib/server/http/request';
import * as vendors from '$lib/server/purchasing/vendors';

export const GET = v1('GET', '/api/v1/vendors/{vendorID}/items', async ({ params }) => {
	const list = await vendors.itemsOf(db(), idParam(params.vendorID, 'Vendor'));
	if (!list) throw notFound('Vendor not found');
	return json(list);
});
