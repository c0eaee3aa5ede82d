import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json, noContent } from '$lib/server/http/handler';
import { notFound } from '$lib/server/http/errors';
import { idParam, readJson } from '$lib/server/http/request';
import * as items from '$lib/server/inventory/items';

export const GET = v1('GET', '/api/v1/items/{itemID}', async ({ params }) => {
	const item = await items.get(db(), idParam(params.itemID, 'Item'));
	if (!item) throw notFound('Item not found');
	return json(item);
});

export const PUT = v1('PUT', '/api/v1/items/{itemID}', async ({ params, request }, me) => {
	const id = idParam(params.itemID, 'Item');
	const patch = await readJson(request, items.itemUpdate);
	return json(await items.update(db(), me, id, patch));
});

export const DELETE = v1('DELETE', '/api/v1/items/{itemID}', async ({ params }, me) => {
	await items.remove(db(), me, idParam(params.itemID, 'Item'));
	return noContent();
});
