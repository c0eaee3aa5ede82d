import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json, noContent } from '$lib/server/http/handler';
import { notFound } from '$lib/server/http/errors';
import { idParam, readJson } from '$lib/server/http/request';
import * as menus from '$lib/server/menus/menus';

export const GET = v1('GET', '/api/v1/menus/{menuID}', async ({ params }) => {
	const menu = await menus.get(db(), idParam(params.menuID, 'Menu'));
	if (!menu) throw notFound('Menu not found');
	return json(menu);
});

export const PUT = v1('PUT', '/api/v1/menus/{menuID}', async ({ params, request }, me) => {
	const id = idParam(params.menuID, 'Menu');
	const patch = await readJson(request, menus.menuUpdate);
	return json(await menus.update(db(), me, id, patch));
});

export const DELETE = v1('DELETE', '/api/v1/menus/{menuID}', async ({ params }, me) => {
	await menus.remove(db(), me, idParam(params.menuID, 'Menu'));
	return noContent();
});
