// live_menus, the pull-only sync collection of the live menu (issue 12): one document per
// location holding the facts the menu is resolved from (menus/live.ts facts()), so a staff
// screen without signal shows the last menu and still switches dayparts by itself.
//
// Its rev is the sum of the location's menu and inventory outbox counters. Every writer of what
// the document holds emits on one of them in its own transaction: placements, dayparts, menus,
// placed meals and the location's zone or currency on menu:{loc} (menuChanged), stock levels
// and catalog items on inventory:{loc} (the ledger, items). Both counters only grow, so their
// sum grows exactly when either does; per-location pulls make it a valid per-document rev.
// Not covered: MENU_ONLY_LEFT itself (a restart with another threshold shows on the next change).
import type { Db } from '../db/index';
import type { Identity } from '../auth/identity';
import { channels } from '../../shared/channels';
import type { LiveMenuDoc, SyncCheckpoint } from '../../shared/wire/sync';
import { page, pullMode } from '../sync/pages';
import { facts } from './live';

export async function pull(db: Db, me: Identity, locationId: string, cp: SyncCheckpoint | null) {
	const mode = pullMode(me, locationId, cp);
	if (!mode) return { documents: [], checkpoint: cp };
	// Counters first, facts after, each statement its own snapshot (read committed): every
	// commit the counters count is visible to the facts read after them, so the document is at
	// least as new as its rev says (a commit in between is sent again on the next pull).
	const [{ rev }] = await db<{ rev: string }[]>`
		select coalesce(sum(last_seq), 0)::text as rev from event_channels
		where channel in (${channels.menu(locationId)}, ${channels.inventory(locationId)})`;
	const r = Number(rev);
	const { from } = mode;
	if (!(r > from.rev || (r === from.rev && locationId > from.id))) {
		return { documents: [], checkpoint: cp };
	}
	if (mode.tombstones) return page([{ id: locationId, rev: r }], mode, cp);
	const f = await facts(db, locationId);
	// An admin's copy of a location since deleted: a tombstone.
	if (!f)
		return {
			documents: [{ id: locationId, _deleted: true }],
			checkpoint: { rev: r, id: locationId }
		};
	const doc: LiveMenuDoc & { rev: number } = { id: locationId, ...f, _deleted: false, rev: r };
	return page([doc], mode, cp);
}
