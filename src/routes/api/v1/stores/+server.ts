import { v1 } from '$lib/server/auth/routes';
import { record } from '$lib/server/audit/log';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { notFound } from '$lib/server/http/errors';
import { locationFilter, readJson, readQuery } from '$lib/server/http/request';
import * as stores from '$lib/server/inventory/stores';

export const GET = v1('GET', '/api/v1/stores', async ({ url }, me) => {
	const { location_id } = readQuery(url, locationFilter);
	return json(await stores.list(db(), me, location_id));
});

export const POST = v1('POST', '/api/v1/stores', async ({ request }, me) => {
	const input = await readJson(request, stores.storeInput);
	const store = await db().begin(async (tx) => {
		const [loc] = await tx`select id from locations where id = ${input.location_id}`;
		if (!loc) throw notFound('Location not found');
		const s = await stores.create(tx, input);
		await record(tx, me, {
			action: 'create',
			entity: 'store',
			entityId: s.id,
			locationId: s.location_id,
			after: s
		});
		return s;
	});
	return json(store, 201);
});
