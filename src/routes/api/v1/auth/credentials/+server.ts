import { v1 } from '$lib/server/auth/routes';
import { credentials } from '$lib/server/auth/account';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';

export const GET = v1('GET', '/api/v1/auth/credentials', async (_event, me) =>
	json(await credentials(db(), me))
);
