// Customer (diner) tokens: HS256 JWTs scoped to one table session. Validity against the
// session's current status is checked per request by the caller (revocation = session ended).
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SignJWT, jwtVerify, errors } from 'jose';
import { config } from '../config';

const ISSUER = 'preptable';
const AUDIENCE = 'preptable:customer';

export interface CustomerClaims {
	sessionId: string;
	tableId: string;
	locationId: string;
	role: 'customer';
}

interface Key {
	secret: Uint8Array;
	kid: string;
}
let cached: Key | undefined;

/** CUSTOMER_JWT_SECRET, or a generated secret persisted in the data dir (dev default). */
export function customerKey(): Key {
	if (cached) return cached;
	let raw = config.customerJwtSecret;
	if (!raw) {
		const dir = config.dataDir.startsWith('memory://') ? path.resolve('data') : config.dataDir;
		const file = path.join(dir, 'customer-jwt.secret');
		try {
			raw = fs.readFileSync(file, 'utf8').trim();
		} catch {
			fs.mkdirSync(dir, { recursive: true });
			const fresh = randomBytes(48).toString('base64url');
			try {
				// 'wx': if another process created it first, read theirs instead.
				fs.writeFileSync(file, fresh, { flag: 'wx', mode: 0o600 });
				raw = fresh;
			} catch {
				raw = fs.readFileSync(file, 'utf8').trim();
			}
		}
	}
	const secret = new TextEncoder().encode(raw);
	if (secret.length < 32) throw new Error('CUSTOMER_JWT_SECRET must be at least 32 bytes');
	const kid = createHash('sha256').update(secret).digest('base64url').slice(0, 12);
	cached = { secret, kid };
	return cached;
}

export function customerTokenTtlSeconds(): number {
	return Math.round(config.customerTokenTtlMinutes * 60);
}

export async function signCustomerToken(c: Omit<CustomerClaims, 'role'>): Promise<string> {
	const { secret, kid } = customerKey();
	return new SignJWT({ tbl: c.tableId, loc: c.locationId, role: 'customer' })
		.setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid })
		.setSubject(c.sessionId)
		.setIssuer(ISSUER)
		.setAudience(AUDIENCE)
		.setIssuedAt()
		.setExpirationTime(`${customerTokenTtlSeconds()}s`)
		.sign(secret);
}

/** Claims of a valid token, or null (bad signature, alg, audience, expired, malformed). */
export async function verifyCustomerToken(token: string): Promise<CustomerClaims | null> {
	const { secret, kid } = customerKey();
	try {
		const { payload, protectedHeader } = await jwtVerify(token, secret, {
			algorithms: ['HS256'],
			issuer: ISSUER,
			audience: AUDIENCE
		});
		if (protectedHeader.kid !== kid || payload.role !== 'customer') return null;
		if (
			typeof payload.sub !== 'string' ||
			typeof payload.tbl !== 'string' ||
			typeof payload.loc !== 'string'
		) {
			return null;
		}
		return {
			sessionId: payload.sub,
			tableId: payload.tbl,
			locationId: payload.loc,
			role: 'customer'
		};
	} catch (e) {
		if (e instanceof errors.JOSEError) return null;
		throw e;
	}
}

/** The bearer token of a request, if any. */
export function bearer(request: Request): string | null {
	const h = request.headers.get('authorization');
	const m = h && /^Bearer\s+(\S+)$/i.exec(h);
	return m ? m[1] : null;
}
