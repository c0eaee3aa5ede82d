import { v1 } from '$lib/server/auth/routes';
import * as account from '$lib/server/auth/account';
import { db } from '$lib/server/db';
import { noContent } from '$lib/server/http/handler';

export const DELETE = v1('DELETE', '/api/v1/auth/credentials/{credID}', async ({ params }, me) => {
	await account.removeCredential(db(), me, params.credID ?? '');
	return noContent();
});
