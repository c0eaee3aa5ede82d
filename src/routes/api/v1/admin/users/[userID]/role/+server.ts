import { v1 } from '$lib/server/auth/routes';
import * as admin from '$lib/server/auth/admin';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { idParam, readJson } from '$lib/server/http/request';

export const PUT = v1(
	'PUT',
	'/api/v1/admin/users/{userID}/role',
	async ({ params, request }, me) => {
		const id = idParam(params.userID, 'User');
		const { role } = await readJson(request, admin.roleBody);
		return json(await admin.setRole(db(), me, id, role));
	}
);
