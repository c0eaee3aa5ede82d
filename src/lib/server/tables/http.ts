// Shared pieces of the table-session routes (envelope contract).
import { z } from 'zod';
import { gated } from '../auth/routes';
import { ApiError } from '../http/errors';
import { db } from '../db/index';
import { signCustomerToken } from '../auth/customer-jwt';
import { transition, type Session } from './sessions';
import { ok } from '../http/handler';
import { uuid } from '../http/request';

export { tableFromPath } from './gate';

export const customerBody = z.strictObject({
	customerName: z.string().trim().min(1).max(255),
	customerPhone: z.string().trim().max(20).optional()
});

export const registerBody = customerBody.extend({
	partySize: z.number().int().min(1).max(50).optional(),
	notes: z.string().trim().max(500).optional()
});

/** The session object of the contract. */
export function sessionJson(s: Session) {
	return {
		id: s.id,
		table_id: s.table_id,
		table_number: s.table_number,
		customer_name: s.customer_name,
		customer_phone: s.customer_phone,
		status: s.status,
		started_at: s.started_at,
		approved_at: s.approved_at,
		ended_at: s.ended_at
	};
}

export async function withToken(s: Session) {
	return {
		session: sessionJson(s),
		token: await signCustomerToken({
			sessionId: s.id,
			tableId: s.table_id,
			locationId: s.location_id
		})
	};
}

/** PATCH /api/tables/sessions/:id/{approve,reject,end} */
export function transitionRoute(action: 'approve' | 'reject' | 'end') {
	return gated('PATCH', `/api/tables/sessions/{id}/${action}`, async (event, me) => {
		const id = event.params.id ?? '';
		if (!uuid.safeParse(id).success) {
			throw action === 'end'
				? new ApiError(404, 'No active session found with that ID', 'ACTIVE_SESSION_NOT_FOUND')
				: new ApiError(404, 'No pending session found with that ID', 'PENDING_SESSION_NOT_FOUND');
		}
		const s = await db().begin((tx) => transition(tx, me, id, action));
		return ok(sessionJson(s));
	});
}
