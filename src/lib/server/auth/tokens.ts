import { createHash, randomBytes } from 'node:crypto';

/** A random opaque token for cookies, invitations and kiosks (256 bits, base64url). */
export function newToken(): string {
	return randomBytes(32).toString('base64url');
}

/** What we store instead of a token: the server never keeps the bearer value itself. */
export function hashToken(token: string): Buffer {
	return createHash('sha256').update(token).digest();
}
