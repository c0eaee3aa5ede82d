import { db } from '$lib/server/db';
import { ok, route } from '$lib/server/http/handler';
import { readJson } from '$lib/server/http/request';
import * as diner from '$lib/server/tables/diner';
import { tableFromPath } from '$lib/server/tables/http';

export const GET = route(async (event) => {
	const table = await tableFromPath(event);
	const s = await diner.requireDiner(db(), event.request, table);
	return ok(await diner.orders(db(), s.id));
});

export const POST = route(async (event) => {
	const table = await tableFromPath(event);
	const body = await readJson(event.request, diner.orderBody);
	const { order, created } = await db().begin(async (tx) => {
		const s = await diner.requireDiner(tx, event.request, table, true);
		return diner.placeOrder(tx, s, table, body);
	});
	return ok(order, created ? 201 : 200);
});
