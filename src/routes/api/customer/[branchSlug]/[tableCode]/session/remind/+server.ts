import { db } from '$lib/server/db';
import { asDiner } from '$lib/server/auth/routes';
import { ok } from '$lib/server/http/handler';
import * as sessions from '$lib/server/tables/sessions';

// Addition: a diner waiting over a minute reminds the staff, with their pending token.
export const POST = asDiner(
	'POST',
	'/api/customer/{branchSlug}/{tableCode}/session/remind',
	async (_event, d) =>
		ok({ sessionId: d.session.id, ...(await sessions.remind(db(), d.session.id)) })
);
