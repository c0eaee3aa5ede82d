import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { readJson } from '$lib/server/http/request';
import * as meals from '$lib/server/costing/meals';

export const GET = v1('GET', '/api/v1/meals', async () => json(await meals.list(db())));

export const POST = v1('POST', '/api/v1/meals', async ({ request }, me) => {
	const input = await readJson(request, meals.mealInput);
	return json(await meals.create(db(), me, input), 201);
});
