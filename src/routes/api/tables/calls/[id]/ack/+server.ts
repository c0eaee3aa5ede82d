import { db } from '$lib/server/db';
import { ApiError } from '$lib/server/http/errors';
import { ok, route } from '$lib/server/http/handler';
import { uuid } from '$lib/server/http/request';
import * as calls from '$lib/server/tables/calls';
import { staff } from '$lib/server/tables/http';

export const PATCH = route(async (event) => {
	const me = staff(event);
	const id = event.params.id ?? '';
	const call = uuid.safeParse(id).success
		? await db().begin((tx) => calls.acknowledge(tx, me, id))
		: undefined;
	if (!call) throw new ApiError(404, 'No pending call found with that ID', 'NOT_FOUND');
	return ok(call);
});
