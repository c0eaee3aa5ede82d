import { z } from 'zod';
import { v1 } from '$lib/server/auth/routes';
import { requireLocation } from '$lib/server/auth/guard';
import { record } from '$lib/server/audit/log';
import { db } from '$lib/server/db';
import { ApiError, notFound } from '$lib/server/http/errors';
import { json } from '$lib/server/http/handler';
import { readJson } from '$lib/server/http/request';
import * as orders from '$lib/server/kitchen/orders';
import { enqueuePrepared } from '$lib/server/kitchen/saavor';

const body = z.strictObject({ orderId: z.uuid({ message: 'must be a UUID' }) });

// Queues the "ready for handoff" call to Saavor (delivered by the outbound worker, retried).
export const POST = v1('POST', '/api/v1/saavor/orders/prepared', async ({ request }, me) => {
	const { orderId } = await readJson(request, body);
	const r = await db().begin(async (tx) => {
		const o = await orders.get(tx, orderId);
		if (!o) throw notFound('Order not found');
		requireLocation(me, o.location_id);
		if (o.source !== 'saavor')
			throw new ApiError(409, 'Only Saavor orders are handed off to Saavor');
		// "Ready for handoff" is a promise to the counter: only an order the kitchen finished.
		if (o.prep_state !== 'ready')
			throw new ApiError(
				409,
				`Order is ${o.prep_state}, not ready: only a ready order is handed off`
			);
		const q = await enqueuePrepared(tx, o);
		if (q.created)
			await record(tx, me, {
				action: 'saavor_prepared',
				entity: 'order',
				entityId: o.id,
				locationId: o.location_id
			});
		return q;
	});
	return json({ queued: true, outbound_id: r.id, already_queued: !r.created }, 202);
});
