import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json, noContent } from '$lib/server/http/handler';
import { notFound } from '$lib/server/http/errors';
import { idParam, readJson } from '$lib/server/http/request';
import * as meals from '$lib/server/costing/meals';

export const GET = v1('GET', '/api/v1/meals/{mealID}', async ({ params }) => {
	const id = idParam(params.mealID, 'Meal');
	const meal = await meals.get(db(), id);
	if (!meal) throw notFound('Meal not found');
	return json({ ...meal, cost_history: await meals.history(db(), id) });
});

export const PUT = v1('PUT', '/api/v1/meals/{mealID}', async ({ params, request }, me) => {
	const id = idParam(params.mealID, 'Meal');
	const patch = await readJson(request, meals.mealUpdate);
	return json(await meals.update(db(), me, id, patch));
});

export const DELETE = v1('DELETE', '/api/v1/meals/{mealID}', async ({ params }, me) => {
	await meals.remove(db(), me, idParam(params.mealID, 'Meal'));
	return noContent();
});
