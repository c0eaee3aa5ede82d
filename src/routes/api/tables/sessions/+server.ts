import { z } from 'zod';
import { db } from '$lib/server/db';
import { inScope } from '$lib/server/auth/identity';
import { ApiError } from '$lib/server/http/errors';
import { gated } from '$lib/server/auth/routes';
import { ok } from '$lib/server/http/handler';
import { readJson, readQuery } from '$lib/server/http/request';
import * as sessions from '$lib/server/tables/sessions';
import { sessionJson, withToken } from '$lib/server/tables/http';
import { record } from '$lib/server/audit/log';

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
	const s = await db().begin(async (tx) => {
		const [table] = await tx<{ id: string; location_id: string; number: number }[]>`
			select id, location_id, number from dining_tables where id = ${body.tableId}`;
		if (!table || !inScope(me, table.location_id))
			throw new ApiError(404, 'Table not found', 'NOT_FOUND');
		const created = await sessions.request(tx, table, body);
		await record(tx, me, {
			action: 'session_create',
			entity: 'table_session',
			entityId: created.id,
			locationId: table.location_id
		});
		return created;
	});
	return ok(await withToken(s), 201);
});

export const GET = gated('GET', '/api/tables/sessions', async (event, me) => {
	const q = readQuery(event.url, listQuery);
	const rows = await sessions.list(db(), me, { status: q.status, locationId: q.location_id });
	return ok(rows.map(sessionJson));
});
