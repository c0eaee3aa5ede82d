import { z } from 'zod';
import { v1 } from '$lib/server/auth/routes';
import * as audit from '$lib/server/audit/log';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { readQuery } from '$lib/server/http/request';

const query = z.object({
	limit: z.coerce.number().int().min(1).max(500).default(50),
	// The id (a UUID) of the last entry of the previous page: entries strictly older are returned.
	before: z.uuid({ message: 'must be a UUID' }).optional()
});

export const GET = v1('GET', '/api/v1/admin/audit-log', async ({ url }) => {
	const { limit, before } = readQuery(url, query);
	const entries = await audit.list(db(), limit, before);
	return json({
		entries,
		next_before: entries.length === limit ? entries[entries.length - 1].id : null
	});
});
