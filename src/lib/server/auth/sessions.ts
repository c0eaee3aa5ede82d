// Staff/kiosk sessions: an opaque random cookie value; only its sha256 is stored. Sessions
// have an idle expiry (slides on use) and an absolute expiry.
import type { Db } from '../db/index';
import type { Identity, Role } from './identity';
import { hashToken, newToken } from './tokens';
import { config } from '../config';

export const SESSION_COOKIE = 'preptable_session';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const sessionPolicy = {
	get idleMs() {
		return config.sessionIdleHours * 3_600_000;
	},
	get absoluteMs() {
		return config.sessionAbsoluteDays * 86_400_000;
	},
	/** Kiosk screens run unattended for weeks; their token can be rotated instead. */
	get kioskAbsoluteMs() {
		return config.kioskSessionDays * 86_400_000;
	}
};

export interface SessionMeta {
	userAgent?: string;
	ip?: string;
	kiosk?: boolean;
}

export async function create(db: Db, userId: string, meta: SessionMeta = {}) {
	const token = newToken();
	const now = Date.now();
	const absolute = meta.kiosk ? sessionPolicy.kioskAbsoluteMs : sessionPolicy.absoluteMs;
	const idle = meta.kiosk ? absolute : sessionPolicy.idleMs;
	const expiresAt = new Date(now + absolute);
	await db`
		insert into auth_sessions (id_hash, user_id, idle_expires_at, expires_at, user_agent, ip)
		values (${hashToken(token)}, ${userId}, ${new Date(now + Math.min(idle, absolute))}, ${expiresAt},
			${(meta.userAgent ?? '').slice(0, 300)}, ${meta.ip ?? ''})`;
	return { token, expiresAt };
}

interface Row {
	user_id: string;
	role: Role;
	email: string | null;
	display_name: string;
	location_ids: string[];
	last_seen_at: Date;
	id: string;
}

/** The identity behind a cookie value, or null if unknown/expired/disabled. Slides idle expiry. */
export async function resolve(db: Db, token: string | undefined | null): Promise<Identity | null> {
	if (!token || token.length > 200) return null;
	const idHash = hashToken(token);
	const [row] = await db<Row[]>`
		select s.id, s.user_id, s.last_seen_at, u.role, u.email, u.display_name,
			coalesce(array(select ul.location_id from user_locations ul where ul.user_id = u.id), '{}') as location_ids
		from auth_sessions s
		join users u on u.id = s.user_id
		where s.id_hash = ${idHash}
			and s.expires_at > now()
			and s.idle_expires_at > now()
			and u.status = 'active'`;
	if (!row) return null;
	// Write at most once a minute per session: a busy kitchen screen polls often.
	if (Date.now() - row.last_seen_at.getTime() > 60_000) {
		const idle = row.role === 'kiosk' ? sessionPolicy.kioskAbsoluteMs : sessionPolicy.idleMs;
		await db`
			update auth_sessions
			set last_seen_at = now(),
				idle_expires_at = least(expires_at, now() + ${idle / 1000} * interval '1 second')
			where id_hash = ${idHash}`;
	}
	return {
		userId: row.user_id,
		role: row.role,
		email: row.email,
		displayName: row.display_name,
		sessionId: row.id,
		locationIds: row.location_ids,
		allLocations: row.role === 'admin'
	};
}

/** Ends one of the user's sessions by its id (a UUID; never the token or its hash). */
export async function revoke(db: Db, userId: string, sessionId: string): Promise<boolean> {
	if (!UUID.test(sessionId)) return false;
	const r = await db`
		delete from auth_sessions where id = ${sessionId} and user_id = ${userId}`;
	return r.count > 0;
}

export async function revokeAllForUser(db: Db, userId: string): Promise<void> {
	await db`delete from auth_sessions where user_id = ${userId}`;
}

/** Cookie attributes: Secure when the configured origin is https. */
export function cookieOptions(origin: string, expires: Date) {
	return {
		path: '/',
		httpOnly: true,
		sameSite: 'lax' as const,
		secure: origin.startsWith('https:'),
		expires
	};
}

export async function listForUser(db: Db, userId: string, currentSessionId: string) {
	const rows = await db<
		{
			id: string;
			created_at: Date;
			last_seen_at: Date;
			expires_at: Date;
			user_agent: string;
			ip: string;
		}[]
	>`
		select id, created_at, last_seen_at, least(expires_at, idle_expires_at) as expires_at, user_agent, ip
		from auth_sessions
		where user_id = ${userId} and expires_at > now() and idle_expires_at > now()
		order by last_seen_at desc`;
	return rows.map((r) => {
		return {
			id: r.id,
			current: r.id === currentSessionId,
			created_at: r.created_at,
			last_seen_at: r.last_seen_at,
			expires_at: r.expires_at,
			user_agent: r.user_agent,
			ip: r.ip
		};
	});
}
