import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { idParam, readJson } from '$lib/server/http/request';
import * as orders from '$lib/server/purchasing/orders';

export const POST = v1(
	'POST',
	'/api/v1/purchase-orders/{poID}/status',
	async ({ params, request }, me) => {
		const id = idParam(params.poID, 'Purchase order');
		const { status } = await readJson(request, orders.statusInput);
		return json(await orders.transition(db(), me, id, status));
	}
);
