import { sign } from '../../src/lib/server/kitchen/signature';

export const SAAVOR_TEST_SECRET = 'integration-test-saavor-secret';

export function saavorEvent(
	location: string,
	over: { id?: string; orderId?: string; type?: string } = {}
) {
	const n = Math.random().toString(36).slice(2, 8);
	return {
		id: over.id ?? `evt_${n}`,
		type: over.type ?? 'order.created',
		created_at: new Date().toISOString(),
		order: {
			id: over.orderId ?? `sav_${n}`,
			location,
			customer_name: `Pickup ${n}`,
			lines: [{ name: 'Lomo saltado', quantity: 2 }]
		}
	};
}

export function postWebhook(base: string, body: string, signature?: string | null) {
	return fetch(`${base}/api/v1/saavor/webhook`, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			...(signature === null
				? {}
				: { 'x-saavor-signature': signature ?? sign(body, SAAVOR_TEST_SECRET) })
		},
		body
	});
}
