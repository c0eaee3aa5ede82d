import { z } from 'zod';
import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { idParam, readJson } from '$lib/server/http/request';
import * as prep from '$lib/server/kitchen/prep';

const body = z.strictObject({ served: z.boolean() });

export const POST = v1(
	'POST',
	'/api/v1/locations/{locationID}/orders/{orderID}/serve',
	async ({ params, request }, me) => {
		const locationId = idParam(params.locationID, 'Location');
		const orderId = idParam(params.orderID, 'Order');
		const { served } = await readJson(request, body);
		return json(await prep.serve(db(), me, locationId, orderId, served));
	}
);
