import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import * as kiosks from '$lib/server/signage/kiosks';

export const GET = v1('GET', '/api/v1/signage/kiosks', async () => json(await kiosks.list(db())));
