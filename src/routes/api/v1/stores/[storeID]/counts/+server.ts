import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { idParam, readJson } from '$lib/server/http/request';
import * as counts from '$lib/server/counts/counts';

// Starts a count of the store: 201 with the count (its frozen item walk); a retry with the
// same id answers 200 with the same count.
export const POST = v1(
	'POST',
	'/api/v1/stores/{storeID}/counts',
	async ({ params, request }, me) => {
		const body = await readJson(request, counts.startInput);
		const r = await counts.start(db(), me, idParam(params.storeID, 'Store'), body);
		return json(r.count, r.created ? 201 : 200);
	}
);
