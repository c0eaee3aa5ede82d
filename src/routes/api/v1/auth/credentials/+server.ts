import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';

export const GET = v1('GET', '/api/v1/auth/credentials', async (_event, me) =>
	json(
		await db()`
			select id, name, device_type, backed_up, transports, created_at, last_used_at
			from webauthn_credentials where user_id = ${me.userId} order by created_at`
	)
);
