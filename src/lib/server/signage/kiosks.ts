// Signage screens as admins see them: per location, whether it has a kiosk token, when it was
// last rotated and when its screen was last seen (a kiosk's menu reads mark it, at most every
// 30 s). Signage reads the live menu through menus/live.ts (signage → menus).
import type { Db } from '../db/index';
import type { Identity } from '../auth/identity';
import * as live from '../menus/live';

export interface Kiosk {
	location_id: string;
	location_name: string;
	location_slug: string;
	has_token: boolean;
	token_rotated_at: Date | null;
	last_seen_at: Date | null;
}

export async function list(db: Db): Promise<Kiosk[]> {
	return db<Kiosk[]>`
		select l.id as location_id, l.name as location_name, l.slug as location_slug,
			k.location_id is not null as has_token, k.rotated_at as token_rotated_at,
			greatest(k.last_seen_at,
				(select max(s.last_seen_at) from auth_sessions s where s.user_id = k.user_id)) as last_seen_at
		from locations l left join kiosk_tokens k on k.location_id = l.id
		order by l.name`;
}

/** A kiosk read the menu: remember when (throttled, so a screen costs one write per 30 s). */
export async function seen(db: Db, me: Identity): Promise<void> {
	if (me.role !== 'kiosk') return;
	await db`
		update kiosk_tokens set last_seen_at = now()
		where user_id = ${me.userId}
			and (last_seen_at is null or last_seen_at < now() - interval '30 seconds')`;
}

/**
 * GET …/menu/current: the one resolver's answer (menus/live.ts); a kiosk's read also marks its
 * screen as seen.
 */
export async function currentMenu(db: Db, me: Identity, locationId: string, at?: Date) {
	const menu = await live.currentFor(db, me, locationId, at);
	await seen(db, me);
	return menu;
}
