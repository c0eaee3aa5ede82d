import { db } from '$lib/server/db';
import { asDiner } from '$lib/server/auth/routes';
import { ok } from '$lib/server/http/handler';
import { readJson } from '$lib/server/http/request';
import * as diner from '$lib/server/tables/diner';
import { lockActive } from '$lib/server/tables/gate';

export const POST = asDiner(
	'POST',
	'/api/customer/{branchSlug}/{tableCode}/calls',
	async (event, d) => {
		const { type } = await readJson(event.request, diner.callBody);
		const call = await db().begin(async (tx) => {
			const s = await lockActive(tx, d);
			return diner.call(tx, s, d.table, type);
		});
		return ok(call, 201);
	}
);
