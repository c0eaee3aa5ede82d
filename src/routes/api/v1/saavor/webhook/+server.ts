import { v1Public } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { receive } from '$lib/server/kitchen/saavor';

// Signed with HMAC-SHA256 over the raw body (X-Saavor-Signature: sha256=<hex>); the signature
// is the only authentication.
export const POST = v1Public('POST', '/api/v1/saavor/webhook', async ({ request }) => {
	const raw = new Uint8Array(await request.arrayBuffer());
	const r = await receive(db(), raw, request.headers.get('x-saavor-signature'));
	return r.status === 200
		? json(r.body)
		: new Response(r.body, {
				status: r.status,
				headers: { 'content-type': 'text/plain; charset=utf-8' }
			});
});
