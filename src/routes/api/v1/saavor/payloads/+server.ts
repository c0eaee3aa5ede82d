import { z } from 'zod';
import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { readQuery } from '$lib/server/http/request';
import { payloads } from '$lib/server/kitchen/saavor';

const query = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

export const GET = v1('GET', '/api/v1/saavor/payloads', async ({ url }) => {
	const { limit } = readQuery(url, query);
	return json(await payloads(db(), limit));
});
