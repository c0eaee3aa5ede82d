import { v1Public } from '$lib/server/auth/routes';
import * as invitations from '$lib/server/auth/invitations';
import { db } from '$lib/server/db';
import { notFound } from '$lib/server/http/errors';
import { json } from '$lib/server/http/handler';

export const GET = v1Public('GET', '/api/v1/auth/invitations/{token}', async ({ params }) => {
	const inv = await invitations.findOpen(db(), params.token ?? '');
	if (!inv) throw notFound('Invitation not found, used or expired');
	return json({
		id: inv.id,
		email: inv.email,
		role: inv.bootstrap ? 'admin' : inv.role,
		bootstrap: inv.bootstrap,
		location_ids: inv.location_ids,
		expires_at: inv.expires_at
	});
});
