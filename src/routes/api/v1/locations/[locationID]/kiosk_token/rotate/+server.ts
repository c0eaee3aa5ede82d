import { v1 } from '$lib/server/auth/routes';
import { rotateKiosk } from '$lib/server/auth/admin';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { idParam } from '$lib/server/http/request';

// The plain token is returned once; only its hash is stored.
export const POST = v1(
	'POST',
	'/api/v1/locations/{locationID}/kiosk_token/rotate',
	async ({ params }, me) => {
		const id = idParam(params.locationID, 'Location');
		return json({ location_id: id, token: await rotateKiosk(db(), me, id) });
	}
);
