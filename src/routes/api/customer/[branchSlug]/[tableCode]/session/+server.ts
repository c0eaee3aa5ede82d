import { db } from '$lib/server/db';
import { open } from '$lib/server/auth/routes';
import { ok } from '$lib/server/http/handler';
import { readJson } from '$lib/server/http/request';
import * as sessions from '$lib/server/tables/sessions';
import { customerBody, tableFromPath, withToken } from '$lib/server/tables/http';

// Public: a diner asks for the table; staff approve it. Returns the session and its token.
export const POST = open(
	'POST',
	'/api/customer/{branchSlug}/{tableCode}/session',
	async (event) => {
		const table = await tableFromPath(event);
		const body = await readJson(event.request, customerBody);
		const s = await sessions.requestTable(db(), table, body);
		return ok(await withToken(s), 201);
	}
);
