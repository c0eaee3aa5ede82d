import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { readJson, readQuery } from '$lib/server/http/request';
import * as items from '$lib/server/inventory/items';

export const GET = v1('GET', '/api/v1/items', async ({ url }) => {
	const { q } = readQuery(url, items.itemListQuery);
	return json(await items.list(db(), q));
});

export const POST = v1('POST', '/api/v1/items', async ({ request }, me) => {
	const input = await readJson(request, items.itemInput);
	return json(await items.create(db(), me, input), 201);
});
