import { v1Public } from '$lib/server/auth/routes';
import * as account from '$lib/server/auth/account';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { readJson } from '$lib/server/http/request';

export const POST = v1Public('POST', '/api/v1/auth/login/options', async ({ request }) =>
	json(await account.loginOptions(db(), await readJson(request, account.loginOptionsBody)))
);
