// X-Saavor-Signature: "sha256=" + lowercase hex HMAC-SHA256 of the raw request body, keyed
// with the shared secret. The format is checked before the constant-time compare, which
// throws on a length mismatch.
import { createHmac, timingSafeEqual } from 'node:crypto';

const FORMAT = /^sha256=([0-9a-f]{64})$/;

export function sign(body: Uint8Array | string, secret: string): string {
	return 'sha256=' + createHmac('sha256', secret).update(body).digest('hex');
}

export function verify(body: Uint8Array, header: string | null, secret: string): boolean {
	if (!header || !secret) return false;
	const m = FORMAT.exec(header.trim().toLowerCase());
	if (!m) return false;
	const expected = createHmac('sha256', secret).update(body).digest();
	return timingSafeEqual(Buffer.from(m[1], 'hex'), expected);
}
