import { z } from 'zod';
import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { idParam, readJson } from '$lib/server/http/request';
import * as orders from '$lib/server/kitchen/orders';
import { enqueuePrepared } from '$lib/server/kitchen/saavor';

const state = z.enum(['queued', 'preparing', 'ready']);
const body = z.strictObject({ to: state, from: state.optional() });

export const POST = v1(
	'POST',
	'/api/v1/locations/{locationID}/orders/{orderID}/transition',
	async ({ params, request }, me) => {
		const locationId = idParam(params.locationID, 'Location');
		const orderId = idParam(params.orderID, 'Order');
		const { to, from } = await readJson(request, body);
		const order = await db().begin(async (tx) => {
			const o = await orders.transition(tx, me, locationId, orderId, to, from);
			// Saavor is told when its order is ready for handoff (durable queue, retried).
			if (o.source === 'saavor' && to === 'ready') await enqueuePrepared(tx, o);
			return o;
		});
		return json(order);
	}
);
