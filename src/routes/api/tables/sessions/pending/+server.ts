import { db } from '$lib/server/db';
import { gated } from '$lib/server/auth/routes';
import { ok } from '$lib/server/http/handler';
import { locationFilter, readQuery } from '$lib/server/http/request';
import * as sessions from '$lib/server/tables/sessions';

export const GET = gated('GET', '/api/tables/sessions/pending', async (event, me) => {
	const { location_id } = readQuery(event.url, locationFilter);
	const rows = await sessions.pending(db(), me, location_id);
	return ok(
		rows.map((s) => ({
			id: s.id,
			customer_name: s.customer_name,
			customer_phone: s.customer_phone,
			table_id: s.table_id,
			table_number: s.table_number,
			started_at: s.started_at,
			// Addition: when the diner's phone reminded the staff (after a minute), else null.
			reminded_at: s.reminded_at
		}))
	);
});
