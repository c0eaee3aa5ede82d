import { z } from 'zod';
import { v1 } from '$lib/server/auth/routes';
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
	const entries = await db()`
		select a.public_id as id, a.actor_id, u.email as actor_email, a.actor_role, a.action, a.entity, a.entity_id,
			a.location_id, a.before, a.after, a.created_at
		from audit_log a left join users u on u.id = a.actor_id
		where ${before ?? null}::uuid is null
			or a.id < (select b.id from audit_log b where b.public_id = ${before ?? null}::uuid)
		order by a.id desc limit ${limit}`;
	return json({
		entries,
		next_before: entries.length === limit ? entries[entries.length - 1].id : null
	});
});
