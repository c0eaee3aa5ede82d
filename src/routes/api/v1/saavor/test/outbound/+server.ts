import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { ApiError } from '$lib/server/http/errors';
import { json } from '$lib/server/http/handler';
import {
	deliverDue,
	saavorConfig,
	synthesize,
	receive,
	enqueuePrepared
} from '$lib/server/kitchen/saavor';
import * as orders from '$lib/server/kitchen/orders';

// Demo: synthesizes a Saavor order, queues its "ready for handoff" call and delivers what is due.
export const POST = v1('POST', '/api/v1/saavor/test/outbound', async () => {
	if (!saavorConfig.outboundUrl) throw new ApiError(409, 'SAAVOR_OUTBOUND_URL is not configured');
	const [loc] = await db()`select slug from locations order by created_at limit 1`;
	if (!loc) throw new ApiError(409, 'Create a location first');
	const { raw, signature } = synthesize(loc.slug);
	const r = await receive(db(), raw, signature);
	const orderId = r.status === 200 ? r.body.order_id : null;
	if (!orderId) throw new ApiError(500, 'Could not synthesize an order');
	const queued = await db().begin(async (tx) =>
		enqueuePrepared(tx, (await orders.get(tx, orderId))!)
	);
	const delivered = await deliverDue(db());
	const [row] =
		await db()`select status, attempts, last_error from saavor_outbound where id = ${queued.id}`;
	return json({ outbound_id: queued.id, processed: delivered, ...row }, 202);
});
