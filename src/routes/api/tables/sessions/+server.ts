import { z } from 'zod';
import { db } from '$lib/server/db';
import { gated } from '$lib/server/auth/routes';
import { ok } from '$lib/server/http/handler';
import { readJson, readQuery } from '$lib/server/http/request';
import * as sessions from '$lib/server/tables/sessions';
import { sessionJson, withToken } from '$lib/server/tables/http';

const createBody = z.strictObject({
	tableId: z.uuid({ message: 'must be a UUID' }),
	customerName: z.string().trim().min(1).max(255),
	customerPhone: z.string().trim().max(20).optional()
});
const listQuery = z.object({
	status: z.enum(['pending', 'active', 'completed', 'rejected']).optional(),
	location_id: z.uuid({ message: 'must be a UUID' }).optional()
});

export const POST = gated('POST', '/api/tables/sessions', async (event, me) => {
	const body = await readJson(event.request, createBody);
	return ok(await withToken(await sessions.seat(db(), me, body)), 201);
});

export const GET = gated('GET', '/api/tables/sessions', async (event, me) => {
	const q = readQuery(event.url, listQuery);
	const rows = await sessions.list(db(), me, { status: q.status, locationId: q.location_id });
	return ok(rows.map(sessionJson));
});
