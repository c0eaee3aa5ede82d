import { v1 } from '$lib/server/auth/routes';
import { rotateKioskToken } from '$lib/server/auth/admin';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';

// Fleet-wide rotation: every location gets a new token, all in one transaction.
export const POST = v1('POST', '/api/v1/locations/kiosk_token/rotate_all', async (_e, me) => {
	const tokens = await db().begin(async (tx) => {
		const locs = await tx<{ id: string }[]>`select id from locations order by id for update`;
		const out: { location_id: string; token: string }[] = [];
		for (const l of locs)
			out.push({ location_id: l.id, token: await rotateKioskToken(tx, me, l.id) });
		return out;
	});
	return json({ tokens });
});
