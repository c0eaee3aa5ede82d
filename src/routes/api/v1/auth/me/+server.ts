import { v1 } from '$lib/server/auth/routes';
import * as users from '$lib/server/auth/users';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';

export const GET = v1('GET', '/api/v1/auth/me', async (_event, me) => {
	const u = (await users.get(db(), me.userId))!;
	return json({
		id: u.id,
		email: u.email,
		role: u.role,
		status: u.status,
		display_name: u.display_name,
		location_ids: u.location_ids
	});
});
