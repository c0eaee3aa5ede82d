import { z } from 'zod';
import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { readJson } from '$lib/server/http/request';
import { handoff } from '$lib/server/kitchen/saavor';

const body = z.strictObject({ orderId: z.uuid({ message: 'must be a UUID' }) });

// Queues the "ready for handoff" call to Saavor (delivered by the outbound worker, retried).
export const POST = v1('POST', '/api/v1/saavor/orders/prepared', async ({ request }, me) => {
	const { orderId } = await readJson(request, body);
	const r = await handoff(db(), me, orderId);
	return json({ queued: true, outbound_id: r.id, already_queued: !r.created }, 202);
});
