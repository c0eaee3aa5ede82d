// The diner gate of the route table: a customer JWT for the table in the path, whose session is
// still active (DESIGN: "rejected as soon as the session is no longer active: check the session
// row on every request"). auth/routes.ts applies it to every row with gate 'diner'.
import type { RequestEvent } from '@sveltejs/kit';
import type { RouteSpec } from '../auth/gates';
import { bearer, verifyCustomerToken, type CustomerClaims } from '../auth/customer-jwt';
import { db, type Db } from '../db/index';
import { ApiError } from '../http/errors';
import { byCode, type TableAt } from './tables';
import { get as getSession, type Session } from './sessions';

export interface Diner {
	table: TableAt;
	session: Session;
	claims: CustomerClaims;
}

/** The table of /api/customer/{branchSlug}/{tableCode}/..., or 404 NOT_FOUND. */
export async function tableFromPath(event: Pick<RequestEvent, 'params'>): Promise<TableAt> {
	const t = await byCode(db(), event.params.branchSlug ?? '', event.params.tableCode ?? '');
	if (!t) throw new ApiError(404, 'Branch or table not found', 'NOT_FOUND');
	return t;
}

function checkStatus(s: Session | undefined, allow: 'active' | 'open'): Session {
	if (!s) throw new ApiError(403, 'Session no longer exists', 'SESSION_ENDED');
	if (s.status === 'active') return s;
	if (s.status === 'pending') {
		if (allow === 'open') return s;
		throw new ApiError(403, 'Waiting for staff approval', 'SESSION_NOT_ACTIVE');
	}
	throw new ApiError(403, 'This table session has ended', 'SESSION_ENDED');
}

export async function dinerGate(
	s: RouteSpec,
	event: Pick<RequestEvent, 'params' | 'request' | 'url'>
): Promise<Diner> {
	const table = await tableFromPath(event);
	const token =
		s.token === 'query' ? event.url.searchParams.get('token') || null : bearer(event.request);
	if (!token) throw new ApiError(401, 'Customer token required', 'UNAUTHORIZED');
	const claims = await verifyCustomerToken(token);
	if (!claims) throw new ApiError(401, 'Invalid or expired customer token', 'INVALID_TOKEN');
	if (claims.tableId !== table.id)
		throw new ApiError(403, 'Token is for another table', 'TOKEN_TABLE_MISMATCH');
	const session = checkStatus(await getSession(db(), claims.sessionId), s.session ?? 'active');
	return { table, session, claims };
}

/**
 * Re-reads the diner's session share-locked inside a write's transaction, so staff cannot end
 * the session between the gate's check and the write (an order never lands after its table
 * ended).
 */
export async function lockActive(tx: Db, d: Diner): Promise<Session> {
	return checkStatus(await getSession(tx, d.session.id, true), 'active');
}
