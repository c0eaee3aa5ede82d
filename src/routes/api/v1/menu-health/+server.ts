import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { readQuery } from '$lib/server/http/request';
import * as health from '$lib/server/menus/health';

export const GET = v1('GET', '/api/v1/menu-health', async ({ url }, me) => {
	const { location_id } = readQuery(url, health.healthQuery);
	return json(await health.forLocation(db(), me, location_id));
});
