import { z } from 'zod';
import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { readQuery } from '$lib/server/http/request';

const query = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

export const GET = v1('GET', '/api/v1/saavor/payloads', async ({ url }) => {
	const { limit } = readQuery(url, query);
	return json(
		await db()`select id, event_id, event_type, status, error, order_id, received_at, length(raw) as size
			from saavor_payloads order by received_at desc limit ${limit}`
	);
});
