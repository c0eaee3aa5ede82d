import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { notFound } from '$lib/server/http/errors';
import { idParam, readQuery } from '$lib/server/http/request';
import { csvResponse } from '$lib/server/inventory/csv';
import * as reports from '$lib/server/inventory/reports';

export const GET = v1('GET', '/api/v1/stores/{storeID}/usage', async ({ params, url }, me) => {
	const storeId = idParam(params.storeID, 'Store');
	const q = readQuery(url, reports.usageQuery);
	const report = await reports.usage(db(), me, storeId, q);
	if (!report) throw notFound('Store not found');
	if (q.format === 'csv') return csvResponse(reports.usageCsv(report), 'usage-report.csv');
	return json(report);
});
