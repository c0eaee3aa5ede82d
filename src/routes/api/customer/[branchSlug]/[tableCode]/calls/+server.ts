import { db } from '$lib/server/db';
import { asDiner } from '$lib/server/auth/routes';
import { ok } from '$lib/server/http/handler';
import { readJson } from '$lib/server/http/request';
import * as calls from '$lib/server/tables/calls';
import * as diner from '$lib/server/tables/diner';

export const POST = asDiner(
	'POST',
	'/api/customer/{branchSlug}/{tableCode}/calls',
	async (event, d) => {
		const { type } = await readJson(event.request, diner.callBody);
		return ok(await diner.callStaff(db(), d, type), 201);
	}
);

// Addition: the session's latest waiter and bill calls, so the phone shows "pending" until
// staff take them (also after a reload).
export const GET = asDiner(
	'GET',
	'/api/customer/{branchSlug}/{tableCode}/calls',
	async (_event, d) => ok(await calls.ofSession(db(), d.session.id))
);
