import { db } from '$lib/server/db';
import { asDiner } from '$lib/server/auth/routes';
import { ok } from '$lib/server/http/handler';
import * as sessions from '$lib/server/tables/sessions';

// Addition: the diner withdraws their own pending request, with its token.
export const POST = asDiner(
	'POST',
	'/api/customer/{branchSlug}/{tableCode}/session/cancel',
	async (_event, d) => {
		const s = await sessions.withdraw(db(), d.session.id);
		return ok({ sessionId: s.id, status: s.status, endedAt: s.ended_at, cancelled: true });
	}
);
