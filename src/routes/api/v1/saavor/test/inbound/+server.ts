import { z } from 'zod';
import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { notFound } from '$lib/server/http/errors';
import { json } from '$lib/server/http/handler';
import { readJson } from '$lib/server/http/request';
import { receive, synthesize } from '$lib/server/kitchen/saavor';

const body = z.strictObject({ location: z.string().min(1).max(100).optional() });

// Demo: a signed Saavor order event, run through the real webhook handler.
export const POST = v1('POST', '/api/v1/saavor/test/inbound', async ({ request }) => {
	const { location } = await readJson(request, body);
	const [loc] = location
		? await db()`select slug from locations where slug = ${location} or id::text = ${location}`
		: await db()`select slug from locations order by created_at limit 1`;
	if (!loc) throw notFound('Location not found');
	const { payload, raw, signature } = synthesize(loc.slug);
	const r = await receive(db(), raw, signature);
	return json({ sent: payload, status: r.status, result: r.body }, r.status === 200 ? 201 : 400);
});
