import { v1 } from '$lib/server/auth/routes';
import { rotateAllKiosks } from '$lib/server/auth/admin';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';

// Fleet-wide rotation: every location gets a new token, all in one transaction.
export const POST = v1('POST', '/api/v1/locations/kiosk_token/rotate_all', async (_e, me) =>
	json({ tokens: await rotateAllKiosks(db(), me) })
);
