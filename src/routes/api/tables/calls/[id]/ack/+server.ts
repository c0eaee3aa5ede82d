import { db } from '$lib/server/db';
import { readScope } from '$lib/server/auth/guard';
import { channels, emit } from '$lib/server/events/outbox';
import { ApiError } from '$lib/server/http/errors';
import { ok, route } from '$lib/server/http/handler';
import { uuid } from '$lib/server/http/request';
import { staff } from '$lib/server/tables/http';

export const PATCH = route(async (event) => {
	const me = staff(event);
	const id = event.params.id ?? '';
	const scope = readScope(me);
	const call = await db().begin(async (tx) => {
		const [c] = uuid.safeParse(id).success
			? await tx`
				update waiter_calls set status = 'acknowledged', acknowledged_at = now(), acknowledged_by = ${me.userId}
				where id = ${id} and status = 'pending'
					and (${scope === null} or location_id = any(${scope ?? []}::uuid[]))
				returning id, type, status, location_id, session_id, table_id`
			: [];
		if (!c) throw new ApiError(404, 'No pending call found with that ID', 'NOT_FOUND');
		const to = [
			channels.branch(c.location_id),
			...(c.session_id ? [channels.session(c.session_id)] : [])
		];
		await emit(tx, to, 'call:acknowledged', { callId: c.id, type: c.type, tableId: c.table_id });
		return c;
	});
	return ok(call);
});
