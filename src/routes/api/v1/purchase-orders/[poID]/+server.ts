import { z } from 'zod';
import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json, noContent } from '$lib/server/http/handler';
import { notFound } from '$lib/server/http/errors';
import { idParam, readJson, readQuery } from '$lib/server/http/request';
import * as orders from '$lib/server/purchasing/orders';

const formatQuery = z.object({
	format: z.enum(['json', 'csv'], { message: 'format must be json or csv' }).default('json')
});

export const GET = v1('GET', '/api/v1/purchase-orders/{poID}', async ({ params, url }, me) => {
	const { format } = readQuery(url, formatQuery);
	const po = await orders.get(db(), me, idParam(params.poID, 'Purchase order'));
	if (!po) throw notFound('Purchase order not found');
	if (format === 'json') return json(po);
	return new Response(orders.toCsv(po), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="purchase-order-${po.id.slice(0, 8)}.csv"`
		}
	});
});

export const PUT = v1('PUT', '/api/v1/purchase-orders/{poID}', async ({ params, request }, me) => {
	const id = idParam(params.poID, 'Purchase order');
	const patch = await readJson(request, orders.poUpdate);
	return json(await orders.update(db(), me, id, patch));
});

export const DELETE = v1('DELETE', '/api/v1/purchase-orders/{poID}', async ({ params }, me) => {
	await orders.remove(db(), me, idParam(params.poID, 'Purchase order'));
	return noContent();
});
