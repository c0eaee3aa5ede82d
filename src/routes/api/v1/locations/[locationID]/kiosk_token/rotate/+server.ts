import { v1 } from '$lib/server/auth/routes';
import { rotateKioskToken } from '$lib/server/auth/admin';
import { db } from '$lib/server/db';
import { notFound } from '$lib/server/http/errors';
import { json } from '$lib/server/http/handler';
import { idParam } from '$lib/server/http/request';

// The plain token is returned once; only its hash is stored.
export const POST = v1(
	'POST',
	'/api/v1/locations/{locationID}/kiosk_token/rotate',
	async ({ params }, me) => {
		const id = idParam(params.locationID, 'Location');
		const token = await db().begin(async (tx) => {
			const [loc] = await tx`select id from locations where id = ${id} for update`;
			if (!loc) throw notFound('Location not found');
			return rotateKioskToken(tx, me, id);
		});
		return json({ location_id: id, token });
	}
);
