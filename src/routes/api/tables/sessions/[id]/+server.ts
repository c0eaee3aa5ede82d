import { db } from '$lib/server/db';
import { ApiError } from '$lib/server/http/errors';
import { gated } from '$lib/server/auth/routes';
import { ok } from '$lib/server/http/handler';
import { uuid } from '$lib/server/http/request';
import * as sessions from '$lib/server/tables/sessions';
import { sessionJson } from '$lib/server/tables/http';

export const GET = gated('GET', '/api/tables/sessions/{id}', async (event, me) => {
	const id = event.params.id ?? '';
	const s = uuid.safeParse(id).success ? await sessions.inScope(db(), me, id) : undefined;
	if (!s)
		throw new ApiError(404, "Session not found or doesn't belong to your branch", 'NOT_FOUND');
	return ok(sessionJson(s));
});
