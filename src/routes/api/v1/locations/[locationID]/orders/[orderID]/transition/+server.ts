import { z } from 'zod';
import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { idParam, readJson } from '$lib/server/http/request';
import * as prep from '$lib/server/kitchen/prep';

const state = z.enum(['queued', 'preparing', 'ready']);
const body = z.strictObject({ to: state, from: state.optional() });

export const POST = v1(
	'POST',
	'/api/v1/locations/{locationID}/orders/{orderID}/transition',
	async ({ params, request }, me) => {
		const locationId = idParam(params.locationID, 'Location');
		const orderId = idParam(params.orderID, 'Order');
		const { to, from } = await readJson(request, body);
		return json(await prep.move(db(), me, locationId, orderId, to, from));
	}
);
