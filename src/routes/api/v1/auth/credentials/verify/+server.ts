import { v1 } from '$lib/server/auth/routes';
import * as account from '$lib/server/auth/account';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { readJson } from '$lib/server/http/request';

export const POST = v1('POST', '/api/v1/auth/credentials/verify', async ({ request }, me) => {
	const body = await readJson(request, account.credentialVerifyBody);
	return json(await account.addCredential(db(), me, body), 201);
});
