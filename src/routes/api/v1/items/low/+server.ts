import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { readQuery } from '$lib/server/http/request';
import { csvResponse } from '$lib/server/inventory/csv';
import * as reports from '$lib/server/inventory/reports';

export const GET = v1('GET', '/api/v1/items/low', async ({ url }, me) => {
	const q = readQuery(url, reports.lowQuery);
	const rows = await reports.lowStock(db(), me, q.location_id);
	if (q.format === 'csv') return csvResponse(reports.lowStockCsv(rows), 'low-stock-report.csv');
	return json({ low_stock: rows });
});
