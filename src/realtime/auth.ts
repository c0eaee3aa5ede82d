// Who is on a realtime socket, and which channels they may read. Checked at upgrade, on each
// subscribe and periodically (a revoked session or an ended table session closes with 4001).
import type { Db } from '../lib/server/db/index';
import type { Identity } from '../lib/server/auth/identity';
import { mayRead as readerMayRead, staffReader, type Reader } from '../lib/shared/channels';
import { resolve as resolveSession } from '../lib/server/auth/sessions';
import { verifyCustomerToken, type CustomerClaims } from '../lib/server/auth/customer-jwt';

export type Principal =
	| { kind: 'staff'; identity: Identity; token: string }
	| { kind: 'diner'; claims: CustomerClaims; token: string; expiresAt: number };

/** Close code telling the client to re-authenticate (browsers cannot read a 401 on upgrade). */
export const UNAUTHORIZED = 4001;

export interface Credentials {
	/** Value of the preptable_session cookie, if any. */
	sessionToken?: string | null;
	/** Customer JWT from ?token= or the Sec-WebSocket-Protocol `bearer.<jwt>` entry. */
	customerToken?: string | null;
}

export function cookieValue(header: string, name: string): string | null {
	for (const part of header.split(';')) {
		const i = part.indexOf('=');
		if (i > 0 && part.slice(0, i).trim() === name) {
			try {
				return decodeURIComponent(part.slice(i + 1).trim());
			} catch {
				return null;
			}
		}
	}
	return null;
}

/** Protocol list → the subprotocol we answer with and a bearer token offered in it. */
export function parseProtocols(header: string): { protocol: string; token: string | null } {
	const list = header
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	const bearer = list.find((p) => p.startsWith('bearer.'));
	return {
		// A browser that offered protocols fails the handshake unless we pick one of them.
		protocol: list.includes('preptable') ? 'preptable' : (list[0] ?? ''),
		token: bearer ? bearer.slice('bearer.'.length) : null
	};
}

async function dinerSessionOpen(db: Db, c: CustomerClaims): Promise<boolean> {
	if (!/^[0-9a-f-]{36}$/i.test(c.sessionId)) return false;
	const [row] = await db`
		select 1 from table_sessions
		where id = ${c.sessionId} and location_id = ${c.locationId}
			and status in ('pending', 'active')`;
	return !!row;
}

export async function authenticate(db: Db, cred: Credentials): Promise<Principal | null> {
	if (cred.sessionToken) {
		const identity = await resolveSession(db, cred.sessionToken);
		if (identity) return { kind: 'staff', identity, token: cred.sessionToken };
	}
	if (cred.customerToken && cred.customerToken.length < 4096) {
		const claims = await verifyCustomerToken(cred.customerToken);
		if (claims && (await dinerSessionOpen(db, claims))) {
			const exp = decodeExp(cred.customerToken);
			return { kind: 'diner', claims, token: cred.customerToken, expiresAt: exp };
		}
	}
	return null;
}

function decodeExp(jwt: string): number {
	try {
		const body = JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
		return typeof body.exp === 'number' ? body.exp * 1000 : Infinity;
	} catch {
		return Infinity;
	}
}

/** Re-check: the same principal refreshed (scope may have changed), or null → close 4001. */
export async function recheck(db: Db, p: Principal): Promise<Principal | null> {
	if (p.kind === 'diner') {
		if (Date.now() >= p.expiresAt) return null;
		return (await dinerSessionOpen(db, p.claims)) ? p : null;
	}
	const identity = await resolveSession(db, p.token);
	return identity ? { ...p, identity } : null;
}

/** The principal as the channel registry's read rule sees it. */
export function readerOf(p: Principal): Reader {
	if (p.kind === 'diner') return { kind: 'diner', sessionId: p.claims.sessionId };
	return staffReader(p.identity);
}

/** May this principal read this channel? (shared/channels.ts holds the rule.) */
export function mayRead(p: Principal, channel: string): boolean {
	return readerMayRead(readerOf(p), channel);
}
