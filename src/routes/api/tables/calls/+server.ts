import { db } from '$lib/server/db';
import { readScope } from '$lib/server/auth/guard';
import { ok, route } from '$lib/server/http/handler';
import { staff } from '$lib/server/tables/http';

export const GET = route(async (event) => {
	const me = staff(event);
	const scope = readScope(me);
	const rows = await db()`
		select c.id, c.type, c.status, c.created_at, c.table_id, t.number as table_number, c.location_id
		from waiter_calls c join dining_tables t on t.id = c.table_id
		where c.status = 'pending' and (${scope === null} or c.location_id = any(${scope ?? []}::uuid[]))
		order by c.created_at`;
	return ok(rows);
});
