import { v1 } from '$lib/server/auth/routes';
import * as admin from '$lib/server/auth/admin';
import * as invitations from '$lib/server/auth/invitations';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { readJson } from '$lib/server/http/request';

export const POST = v1('POST', '/api/v1/admin/invitations', async ({ request }, me) =>
	json(await admin.invite(db(), me, await readJson(request, admin.invitationBody)), 201)
);

export const GET = v1('GET', '/api/v1/admin/invitations', async () =>
	json(await invitations.list(db()))
);
