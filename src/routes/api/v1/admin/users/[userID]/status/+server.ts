import { v1 } from '$lib/server/auth/routes';
import * as admin from '$lib/server/auth/admin';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { idParam, readJson } from '$lib/server/http/request';

export const PUT = v1(
	'PUT',
	'/api/v1/admin/users/{userID}/status',
	async ({ params, request }, me) => {
		const id = idParam(params.userID, 'User');
		const { status } = await readJson(request, admin.statusBody);
		return json(await admin.setStatus(db(), me, id, status));
	}
);
