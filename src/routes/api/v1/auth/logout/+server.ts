import { v1 } from '$lib/server/auth/routes';
import { clearSessionCookie } from '$lib/server/auth/http';
import * as sessions from '$lib/server/auth/sessions';
import { db } from '$lib/server/db';
import { noContent } from '$lib/server/http/handler';

export const POST = v1('POST', '/api/v1/auth/logout', async ({ cookies }, me) => {
	await sessions.revoke(db(), me.userId, me.sessionId);
	clearSessionCookie(cookies);
	return noContent();
});
