import { db } from '$lib/server/db';
import { ApiError } from '$lib/server/http/errors';
import { gated } from '$lib/server/auth/routes';
import { ok } from '$lib/server/http/handler';
import { uuid } from '$lib/server/http/request';
import * as calls from '$lib/server/tables/calls';

export const PATCH = gated('PATCH', '/api/tables/calls/{id}/ack', async (event, me) => {
	const id = event.params.id ?? '';
	const call = uuid.safeParse(id).success ? await calls.ack(db(), me, id) : undefined;
	if (!call) throw new ApiError(404, 'No pending call found with that ID', 'NOT_FOUND');
	return ok(call);
});
