import { db } from '$lib/server/db';
import { open } from '$lib/server/auth/routes';
import { ok } from '$lib/server/http/handler';
import { readJson } from '$lib/server/http/request';
import * as sessions from '$lib/server/tables/sessions';
import { registerBody, tableFromPath, withToken } from '$lib/server/tables/http';

// Like /session, with the fuller registration form (party size, notes for the host).
export const POST = open(
	'POST',
	'/api/customer/{branchSlug}/{tableCode}/register',
	async (event) => {
		const table = await tableFromPath(event);
		const body = await readJson(event.request, registerBody);
		const s = await sessions.requestTable(db(), table, body);
		return ok({ ...(await withToken(s)), sessionId: s.id, status: s.status }, 201);
	}
);
