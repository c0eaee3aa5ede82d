import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { idParam, readJson } from '$lib/server/http/request';
import * as counts from '$lib/server/counts/counts';

export const POST = v1(
	'POST',
	'/api/v1/counts/{countID}/approve',
	async ({ params, request }, me) => {
		const body = await readJson(request, counts.approveInput);
		return json(await counts.approve(db(), me, idParam(params.countID, 'Count'), body));
	}
);
