import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { badRequest, notFound } from '$lib/server/http/errors';
import { idParam, readQuery } from '$lib/server/http/request';
import * as reports from '$lib/server/inventory/reports';

export const GET = v1(
	'GET',
	'/api/v1/stores/{storeID}/usage/daily',
	async ({ params, url }, me) => {
		const storeId = idParam(params.storeID, 'Store');
		const q = readQuery(url, reports.usageQuery);
		if (q.format !== 'json') throw badRequest('format must be json');
		const series = await reports.usageDaily(db(), me, storeId, q);
		if (!series) throw notFound('Store not found');
		return json(series);
	}
);
