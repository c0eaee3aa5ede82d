import { v1 } from '$lib/server/auth/routes';
import * as account from '$lib/server/auth/account';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';

export const POST = v1('POST', '/api/v1/auth/credentials/options', async (_event, me) =>
	json(await account.credentialOptions(db(), me))
);
