import { v1 } from '$lib/server/auth/routes';
import * as users from '$lib/server/auth/users';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';

export const GET = v1('GET', '/api/v1/admin/users', async () => json(await users.list(db())));
