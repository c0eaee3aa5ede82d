import { v1 } from '$lib/server/auth/routes';
import * as sessions from '$lib/server/auth/sessions';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';

export const GET = v1('GET', '/api/v1/auth/sessions', async (_event, me) =>
	json(await sessions.listForUser(db(), me.userId, me.sessionId))
);
