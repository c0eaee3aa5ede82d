import { v1Public } from '$lib/server/auth/routes';
import * as account from '$lib/server/auth/account';
import { requestMeta, setSessionCookie } from '$lib/server/auth/http';
import * as users from '$lib/server/auth/users';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { readJson } from '$lib/server/http/request';

export const POST = v1Public('POST', '/api/v1/auth/login/verify', async (event) => {
	const body = await readJson(event.request, account.loginVerifyBody);
	const { userId, session } = await account.login(db(), body, requestMeta(event));
	setSessionCookie(event.cookies, session);
	const u = (await users.get(db(), userId))!;
	return json({
		verified: true,
		user: { id: u.id, email: u.email, role: u.role, status: u.status }
	});
});
