import { z } from 'zod';
import { v1Public } from '$lib/server/auth/routes';
import { requestMeta, setSessionCookie } from '$lib/server/auth/http';
import * as sessions from '$lib/server/auth/sessions';
import { hashToken } from '$lib/server/auth/tokens';
import { db } from '$lib/server/db';
import { ApiError } from '$lib/server/http/errors';
import { json } from '$lib/server/http/handler';
import { readJson } from '$lib/server/http/request';

const body = z.strictObject({ token: z.string().min(1).max(200) });

// Kiosk token → a kiosk session scoped to that token's location.
export const POST = v1Public('POST', '/api/v1/signage/auth', async (event) => {
	const { token } = await readJson(event.request, body);
	const [k] = await db()<{ user_id: string; location_id: string }[]>`
		select k.user_id, k.location_id from kiosk_tokens k join users u on u.id = k.user_id
		where k.token_hash = ${hashToken(token)} and u.status = 'active'`;
	if (!k) throw new ApiError(401, 'Invalid kiosk token');
	const session = await sessions.create(db(), k.user_id, { ...requestMeta(event), kiosk: true });
	setSessionCookie(event.cookies, session);
	return json({ location_id: k.location_id, role: 'kiosk', expires_at: session.expiresAt });
});
