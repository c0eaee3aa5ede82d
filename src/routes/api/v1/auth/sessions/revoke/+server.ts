import { z } from 'zod';
import { v1 } from '$lib/server/auth/routes';
import { revokeSession } from '$lib/server/auth/account';
import { clearSessionCookie } from '$lib/server/auth/http';
import { db } from '$lib/server/db';
import { noContent } from '$lib/server/http/handler';
import { readJson } from '$lib/server/http/request';

const body = z.strictObject({ id: z.string().min(1).max(128) });

export const POST = v1('POST', '/api/v1/auth/sessions/revoke', async ({ request, cookies }, me) => {
	const { id } = await readJson(request, body);
	await revokeSession(db(), me, id);
	if (id === me.sessionId) clearSessionCookie(cookies);
	return noContent();
});
