import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { readJson, readQuery } from '$lib/server/http/request';
import * as orders from '$lib/server/purchasing/orders';

export const GET = v1('GET', '/api/v1/purchase-orders', async ({ url }, me) => {
	return json(await orders.list(db(), me, readQuery(url, orders.listQuery)));
});

export const POST = v1('POST', '/api/v1/purchase-orders', async ({ request }, me) => {
	const input = await readJson(request, orders.poInput);
	return json(await orders.create(db(), me, input), 201);
});
