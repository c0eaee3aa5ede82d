import { db } from '$lib/server/db';
import { ok, route } from '$lib/server/http/handler';
import { readJson } from '$lib/server/http/request';
import * as diner from '$lib/server/tables/diner';
import { tableFromPath } from '$lib/server/tables/http';

export const POST = route(async (event) => {
	const table = await tableFromPath(event);
	const { type } = await readJson(event.request, diner.callBody);
	const call = await db().begin(async (tx) => {
		const s = await diner.requireDiner(tx, event.request, table, true);
		return diner.call(tx, s, table, type);
	});
	return ok(call, 201);
});
