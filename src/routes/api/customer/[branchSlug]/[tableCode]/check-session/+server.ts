import { db } from '$lib/server/db';
import { open } from '$lib/server/auth/routes';
import { ok } from '$lib/server/http/handler';
import * as sessions from '$lib/server/tables/sessions';
import { tableFromPath } from '$lib/server/tables/http';

export const GET = open(
	'GET',
	'/api/customer/{branchSlug}/{tableCode}/check-session',
	async (event) => {
		const table = await tableFromPath(event);
		const s = await sessions.current(db(), table.id);
		return ok(
			s
				? { hasSession: true, status: s.status, sessionId: s.id, customerName: s.customer_name }
				: { hasSession: false }
		);
	}
);
