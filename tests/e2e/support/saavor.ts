// Orders from the Saavor POS, as its webhook delivers them (signed with the e2e server's secret).
import { createHmac } from 'node:crypto';
import { expect, type APIRequestContext } from '@playwright/test';

/** Posts one signed webhook event; the server must accept it. */
export async function saavorWebhook(request: APIRequestContext, event: Record<string, unknown>) {
	const body = JSON.stringify(event);
	const signature =
		'sha256=' + createHmac('sha256', 'e2e-saavor-secret').update(body).digest('hex');
	const r = await request.post('/api/v1/saavor/webhook', {
		headers: { 'content-type': 'application/json', 'x-saavor-signature': signature },
		data: body
	});
	expect(r.status()).toBe(200);
}

let n = 0;

/** A new order for the seeded location; returns its Saavor order id (the ticket's external id). */
export async function saavorOrder(
	request: APIRequestContext,
	name: string,
	extra: { prefix?: string; notes?: string; lineNotes?: string; quantity?: number } = {}
): Promise<string> {
	const id = `${extra.prefix ?? 'e2e'}-${Date.now()}-${n++}`;
	await saavorWebhook(request, {
		id: `evt-${id}`,
		type: 'order.created',
		order: {
			id,
			location: 'downtown-lima',
			customer_name: name,
			notes: extra.notes,
			lines: [{ name: 'Lomo saltado', quantity: extra.quantity ?? 1, notes: extra.lineNotes }]
		}
	});
	return id;
}
