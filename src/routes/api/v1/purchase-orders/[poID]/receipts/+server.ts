import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { idParam, readJson } from '$lib/server/http/request';
import { receive, receiptInput } from '$lib/server/costing/receipts';

export const POST = v1(
	'POST',
	'/api/v1/purchase-orders/{poID}/receipts',
	async ({ params, request }, me) => {
		const id = idParam(params.poID, 'Purchase order');
		const input = await readJson(request, receiptInput);
		const out = await receive(db(), me, id, input);
		return json(out, out.replayed ? 200 : 201);
	}
);
