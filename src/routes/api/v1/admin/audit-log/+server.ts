import { z } from 'zod';
import { v1 } from '$lib/server/auth/routes';
import * as audit from '$lib/server/audit/log';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { csvResponse, toCsv } from '$lib/server/http/csv';
import { readQuery, uuid } from '$lib/server/http/request';

// Filters and the CSV export are additions to the reference's ?limit= and ?before=.
const query = z.object({
	limit: z.coerce.number().int().min(1).max(500).default(50),
	// The id (a UUID) of the last entry of the previous page: entries strictly older are returned.
	before: uuid.optional(),
	actor: z.union([uuid, z.literal('system')]).optional(),
	action: z.string().min(1).max(60).optional(),
	entity: z.string().min(1).max(60).optional(),
	from: z.iso.datetime({ offset: true, message: 'must be an RFC 3339 instant' }).optional(),
	to: z.iso.datetime({ offset: true, message: 'must be an RFC 3339 instant' }).optional(),
	format: z.enum(['json', 'csv']).default('json'),
	// The first page also says what the filters can choose from.
	facets: z.enum(['0', '1']).default('0')
});

// A CSV export is the filtered log, not one page of it, up to this many entries.
const CSV_MAX = 50_000;

export const GET = v1('GET', '/api/v1/admin/audit-log', async ({ url }) => {
	const { format, facets, ...filter } = readQuery(url, query);
	if (format === 'csv') {
		const rows = await audit.list(db(), { ...filter, limit: CSV_MAX });
		return csvResponse(toCsv(audit.CSV_HEADER, rows.map(audit.csvRow)), 'audit-log.csv');
	}
	const entries = await audit.list(db(), filter);
	return json({
		entries,
		next_before: entries.length === filter.limit ? entries[entries.length - 1].id : null,
		...(facets === '1' ? { facets: await audit.facets(db()) } : {})
	});
});
