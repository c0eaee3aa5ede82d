import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { readJson } from '$lib/server/http/request';
import { fromLowStock, fromLowStockInput } from '$lib/server/purchasing/from-low-stock';

export const POST = v1(
	'POST',
	'/api/v1/purchase-orders/from-low-stock',
	async ({ request }, me) => {
		const input = await readJson(request, fromLowStockInput);
		const out = await fromLowStock(db(), me, input);
		return json(out, out.purchase_orders.length ? 201 : 200);
	}
);
