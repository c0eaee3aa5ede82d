import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { readQuery } from '$lib/server/http/request';
import * as sync from '$lib/server/sync/sync';

// Never cached (DESIGN.md: sync responses are not runtime-cached).
export const GET = v1('GET', '/api/v1/sync/{collection}/pull', async ({ params, url }, me) => {
	const name = sync.collection(params.collection);
	const q = readQuery(url, sync.pullQuery);
	return json(await sync.pull(db(), me, name, q), 200, { 'cache-control': 'no-store' });
});
