import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { readJson } from '$lib/server/http/request';
import * as vendors from '$lib/server/purchasing/vendors';

export const GET = v1('GET', '/api/v1/vendors', async () => json(await vendors.list(db())));

export const POST = v1('POST', '/api/v1/vendors', async ({ request }, me) => {
	const input = await readJson(request, vendors.vendorInput);
	return json(await vendors.create(db(), me, input), 201);
});
