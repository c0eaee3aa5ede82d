import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { readJson } from '$lib/server/http/request';
import * as menus from '$lib/server/menus/menus';

export const GET = v1('GET', '/api/v1/menus', async () => json(await menus.list(db())));

export const POST = v1('POST', '/api/v1/menus', async ({ request }, me) => {
	const input = await readJson(request, menus.menuInput);
	return json(await menus.create(db(), me, input), 201);
});
