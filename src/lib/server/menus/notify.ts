// Who hears about a change to a location's live menu: the menu channel (signage screens, staff
// screens) and the session channel of every open table session there (diners, whose token
// opens only their own channel). One helper so every writer tells the same readers.
import type { Tx } from '../db/index';
import type { Emission } from '../audit/log';
import { channels, type Channel } from '../../shared/channels';
import type { MenuChanged } from '../../shared/events';

export async function menuChanged(tx: Tx, changes: MenuChanged[]): Promise<Emission[]> {
	const out: Emission[] = [];
	for (const c of changes) {
		const sessions = await tx<{ id: string }[]>`
			select id from table_sessions
			where location_id = ${c.location_id} and status in ('pending', 'active')`;
		const to: Channel[] = [
			channels.menu(c.location_id),
			...sessions.map((s) => channels.session(s.id))
		];
		out.push({ to, type: 'menu:changed', payload: c });
	}
	return out;
}
