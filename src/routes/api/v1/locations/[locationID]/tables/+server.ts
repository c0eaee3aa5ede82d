import { v1 } from '$lib/server/auth/routes';
import { inScope } from '$lib/server/auth/identity';
import { db } from '$lib/server/db';
import { notFound } from '$lib/server/http/errors';
import { json } from '$lib/server/http/handler';
import { idParam, readJson } from '$lib/server/http/request';
import * as tables from '$lib/server/tables/tables';

export const GET = v1('GET', '/api/v1/locations/{locationID}/tables', async ({ params }, me) => {
	const id = idParam(params.locationID, 'Location');
	// Out of scope: an empty list, as for every campus-scoped read.
	return json({ tables: inScope(me, id) ? await tables.list(db(), id) : [] });
});

export const POST = v1(
	'POST',
	'/api/v1/locations/{locationID}/tables',
	async ({ params, request }, me) => {
		const id = idParam(params.locationID, 'Location');
		const input = await readJson(request, tables.tableInput);
		const t = await tables.create(db(), me, id, input);
		if (!t) throw notFound('Location not found');
		return json(t, 201);
	}
);
