import { z } from 'zod';
import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { readJson } from '$lib/server/http/request';
import { testInbound } from '$lib/server/kitchen/saavor';

const body = z.strictObject({ location: z.string().min(1).max(100).optional() });

// Demo: a signed Saavor order event, run through the real webhook handler.
export const POST = v1('POST', '/api/v1/saavor/test/inbound', async ({ request }) => {
	const { location } = await readJson(request, body);
	const { sent, result: r } = await testInbound(db(), location);
	return json({ sent, status: r.status, result: r.body }, r.status === 200 ? 201 : 400);
});
