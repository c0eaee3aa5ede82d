import { v1 } from '$lib/server/auth/routes';
import * as admin from '$lib/server/auth/admin';
import * as users from '$lib/server/auth/users';
import { db } from '$lib/server/db';
import { notFound } from '$lib/server/http/errors';
import { json } from '$lib/server/http/handler';
import { idParam, readJson } from '$lib/server/http/request';

export const GET = v1('GET', '/api/v1/admin/users/{userID}/locations', async ({ params }) => {
	const u = await users.get(db(), idParam(params.userID, 'User'));
	if (!u || u.role === 'kiosk') throw notFound('User not found');
	return json({ location_ids: u.location_ids });
});

export const PUT = v1(
	'PUT',
	'/api/v1/admin/users/{userID}/locations',
	async ({ params, request }, me) => {
		const id = idParam(params.userID, 'User');
		const { location_ids } = await readJson(request, admin.locationsBody);
		return json({ location_ids: await admin.setLocations(db(), me, id, location_ids) });
	}
);
