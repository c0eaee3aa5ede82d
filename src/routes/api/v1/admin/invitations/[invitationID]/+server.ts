import { v1 } from '$lib/server/auth/routes';
import * as admin from '$lib/server/auth/admin';
import { db } from '$lib/server/db';
import { noContent } from '$lib/server/http/handler';
import { idParam } from '$lib/server/http/request';

export const DELETE = v1(
	'DELETE',
	'/api/v1/admin/invitations/{invitationID}',
	async ({ params }, me) => {
		await admin.uninvite(db(), me, idParam(params.invitationID, 'Invitation'));
		return noContent();
	}
);
