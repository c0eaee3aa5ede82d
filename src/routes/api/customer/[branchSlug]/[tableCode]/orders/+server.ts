import { db } from '$lib/server/db';
import { asDiner } from '$lib/server/auth/routes';
import { ok } from '$lib/server/http/handler';
import { readJson } from '$lib/server/http/request';
import * as diner from '$lib/server/tables/diner';

export const GET = asDiner(
	'GET',
	'/api/customer/{branchSlug}/{tableCode}/orders',
	async (_event, d) => {
		return ok(await diner.orders(db(), d.session.id));
	}
);

export const POST = asDiner(
	'POST',
	'/api/customer/{branchSlug}/{tableCode}/orders',
	async (event, d) => {
		const body = await readJson(event.request, diner.orderBody);
		const { order, created } = await diner.order(db(), d, body);
		return ok(order, created ? 201 : 200);
	}
);
