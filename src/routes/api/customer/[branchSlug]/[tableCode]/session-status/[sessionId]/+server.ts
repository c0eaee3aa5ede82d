import { db } from '$lib/server/db';
import { ApiError } from '$lib/server/http/errors';
import { open } from '$lib/server/auth/routes';
import { ok } from '$lib/server/http/handler';
import { uuid } from '$lib/server/http/request';
import * as sessions from '$lib/server/tables/sessions';
import { tableFromPath } from '$lib/server/tables/http';

export const GET = open(
	'GET',
	'/api/customer/{branchSlug}/{tableCode}/session-status/{sessionId}',
	async (event) => {
		const table = await tableFromPath(event);
		const id = event.params.sessionId ?? '';
		const s = uuid.safeParse(id).success ? await sessions.ofTable(db(), table.id, id) : undefined;
		if (!s) throw new ApiError(404, 'Session not found', 'NOT_FOUND');
		return ok({
			sessionId: s.id,
			status: s.status,
			customerName: s.customer_name,
			startedAt: s.started_at,
			approvedAt: s.approved_at,
			endedAt: s.ended_at,
			// Beyond the contract: a request nobody answered in time, so the phone can say it timed
			// out rather than that it was refused.
			lapsed: s.lapsed
		});
	}
);
