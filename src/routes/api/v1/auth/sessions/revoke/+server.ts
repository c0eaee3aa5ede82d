import { z } from 'zod';
import { v1 } from '$lib/server/auth/routes';
import { clearSessionCookie } from '$lib/server/auth/http';
import * as sessions from '$lib/server/auth/sessions';
import { record } from '$lib/server/audit/log';
import { db } from '$lib/server/db';
import { notFound } from '$lib/server/http/errors';
import { noContent } from '$lib/server/http/handler';
import { readJson } from '$lib/server/http/request';

const body = z.strictObject({ id: z.string().min(1).max(128) });

export const POST = v1('POST', '/api/v1/auth/sessions/revoke', async ({ request, cookies }, me) => {
	const { id } = await readJson(request, body);
	await db().begin(async (tx) => {
		if (!(await sessions.revoke(tx, me.userId, id))) throw notFound('Session not found');
		await record(tx, me, { action: 'revoke_session', entity: 'user', entityId: me.userId });
	});
	if (id === me.sessionId) clearSessionCookie(cookies);
	return noContent();
});
