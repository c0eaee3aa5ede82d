import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { readJson, readQuery } from '$lib/server/http/request';
import * as sync from '$lib/server/sync/sync';

// Answers the conflicts (the server's version of lines that exist with another payload); a
// line the server refuses is stored as rejected and comes back on the next pull.
export const POST = v1(
	'POST',
	'/api/v1/sync/{collection}/push',
	async ({ params, url, request }, me) => {
		const name = sync.collection(params.collection);
		const { location_id } = readQuery(url, sync.pushQuery);
		const rows = await readJson(request, sync.pushBody);
		return json(await sync.push(db(), me, name, location_id, rows));
	}
);
