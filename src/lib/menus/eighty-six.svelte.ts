/* eslint-disable svelte/prefer-svelte-reactivity -- `confirmed` is bookkeeping that nothing
   renders, and the Date is built afresh on each derivation, never mutated. */
// The one-tap 86 of the kitchen display and the staff floor: the live menu of a location with
// a sold-out toggle per dish (PUT /api/v1/placements/{id} {sold_out}, which staff may do).
//
// The menu comes from the device's copy (the live_menus sync collection in IndexedDB, loaded
// by dynamic import), resolved here with the server's own rule (shared/live-menu.ts): a reload
// without signal shows the last menu, and it still switches dayparts at the boundary by itself.
// The leader tab replicates it and follows menu:{location} on the realtime sidecar (a poke →
// RESYNC); every tab sees the copy change. A tap shows at once; the 86 itself needs the network
// (it is not queued: a dish 86'd hours later than meant would mislead), and a failure puts the
// dish back and says why.
import { Subject } from 'rxjs';
import type { Subscription } from 'rxjs';
import { api, NETWORK_ERROR } from '$lib/client/http';
import { channels } from '$lib/shared/channels';
import { resolveMenu } from '$lib/shared/live-menu';
import type { LiveEntry } from '$lib/shared/wire/menus';
import type { LocalLiveMenu } from '$lib/client/offline/db';
import type { Poke, SyncHttpError } from '$lib/client/offline/sync.svelte';
import type { RealtimeClient } from '$lib/realtime/client.svelte';

/** How often the resolved menu is recomputed (a daypart boundary shows within this). */
const TICK_MS = 15_000;
/** Safety-net pull while the realtime channel is quiet (an empty page when nothing changed). */
const POLL_MS = 30_000;
/** A confirmed tap stops overriding the copy once the copy agrees, or after this. */
const SETTLE_MS = 10_000;

const NO_SIGNAL = 'No connection: this is the last 86 list; it updates when the network is back.';

export class EightySix {
	private doc = $state<LocalLiveMenu | null>(null);
	private now = $state(Date.now());
	/** Taps not yet in the copy: placement id → the sold_out shown meanwhile. */
	private pending = $state<Record<string, boolean>>({});
	/** The copy has been read from IndexedDB (it may hold nothing yet). */
	loaded = $state(false);
	/** Why the copy may be behind (no signal, signed out), and why the last tap failed. */
	private syncError = $state('');
	private tapError = $state('');
	/** The last tap failed for want of a connection. */
	private tapOffline = false;
	// A failed tap or sync is an alert; "no connection" alone is a note (the screens around the
	// strip already say they are offline, in their banner: one alarm is enough).
	error = $derived(this.tapError || (this.syncError === NO_SIGNAL ? '' : this.syncError));
	note = $derived(!this.tapError && this.syncError === NO_SIGNAL ? NO_SIGNAL : '');
	busy = $state<string | null>(null);
	/**
	 * Taps the server took, still shown from `pending` until the copy has them: placement id →
	 * the tap's number (a later tap's timer must not drop an earlier one's, nor the reverse).
	 */
	private confirmed = new Map<string, number>();
	private tapsMade = 0;

	entries = $derived<LiveEntry[]>(
		this.doc
			? resolveMenu(this.doc, new Date(this.now)).entries.map((e) =>
					e.placement_id in this.pending
						? {
								...e,
								sold_out: this.pending[e.placement_id],
								sold_out_reason: this.pending[e.placement_id] ? 'manual' : null
							}
						: e
				)
			: []
	);

	private stopped = false;
	private cleanups: (() => void)[] = [];
	private pokes = new Subject<Poke>();
	private resync: () => void = () => {};

	constructor(private location: () => string) {}

	async start() {
		const loc = this.location();
		const [{ openOfflineDb }, { replicate }] = await Promise.all([
			import('$lib/client/offline/db'),
			import('$lib/client/offline/sync.svelte')
		]);
		let db;
		try {
			db = await openOfflineDb();
		} catch (e) {
			this.loaded = true;
			this.syncError = `This device cannot keep the menu offline: ${(e as Error).message}`;
			return;
		}
		if (this.stopped) return;
		const sub: Subscription = db.live_menus.findOne(loc).$.subscribe((d) => {
			this.doc = d ? (d.toJSON() as LocalLiveMenu) : null;
			this.loaded = true;
			this.settle();
		});
		const state = replicate(db, 'live_menus', loc, {
			stream$: this.pokes,
			pulled: () => {
				this.syncError = '';
				// "Not changed, no connection" is stale once the network is back.
				if (this.tapOffline) this.tapError = '';
				this.tapOffline = false;
			},
			failed: (e: SyncHttpError) => {
				if (e.status === 0) this.syncError = NO_SIGNAL;
				else if (e.status === 401)
					this.syncError = 'Signed out: sign in again to see the live menu.';
				else if (e.status !== 426) this.syncError = e.message;
			}
		});
		this.resync = () => {
			this.pokes.next('RESYNC');
			state.reSync();
		};
		const tick = setInterval(() => (this.now = Date.now()), TICK_MS);
		const poll = setInterval(this.resync, POLL_MS);
		const online = () => this.resync();
		addEventListener('online', online);
		this.cleanups.push(
			() => sub.unsubscribe(),
			() => clearInterval(tick),
			() => clearInterval(poll),
			() => removeEventListener('online', online),
			() => void state.cancel()
		);
		// The leader follows the menu channel: every writer of the menu announces there.
		void db.waitForLeadership().then(async () => {
			if (this.stopped) return;
			const { RealtimeClient, realtimeUrl } = await import('$lib/realtime/client.svelte');
			if (this.stopped) return;
			const rt: RealtimeClient = new RealtimeClient({
				url: () => realtimeUrl(),
				onEvent: () => this.resync(),
				onReset: () => this.resync(),
				// Followed from the head: a change made before the subscription is in no event.
				onSubscribed: () => this.resync()
			});
			rt.subscribe(channels.menu(loc));
			rt.start();
			this.cleanups.push(() => rt.stop());
		});
	}

	stop() {
		this.stopped = true;
		for (const c of this.cleanups.splice(0)) c();
	}

	async toggle(e: LiveEntry) {
		const next = !e.sold_out;
		const id = e.placement_id;
		this.busy = id;
		this.tapError = '';
		this.tapOffline = false;
		this.pending = { ...this.pending, [id]: next };
		try {
			await api('PUT', `/api/v1/placements/${id}`, { sold_out: next });
			// Shown until the copy has it (the pull this starts), or SETTLE_MS at most (unless
			// another tap on the dish came since).
			const n = ++this.tapsMade;
			this.confirmed.set(id, n);
			setTimeout(() => this.confirmed.get(id) === n && this.drop(id), SETTLE_MS);
			this.resync();
		} catch (err) {
			this.drop(id);
			this.tapOffline = offline(err);
			this.tapError = `${e.name}: ${offline(err) ? 'not changed, no connection (try again when the network is back)' : (err as Error).message}`;
		} finally {
			this.busy = null;
		}
	}

	/** Confirmed taps the copy now agrees with stop overriding it. */
	private settle() {
		const p = this.doc?.placements;
		if (!p) return;
		for (const id of this.confirmed.keys()) {
			if (p.find((x) => x.placement_id === id)?.sold_out === this.pending[id]) this.drop(id);
		}
	}

	private drop(id: string) {
		this.confirmed.delete(id);
		if (!(id in this.pending)) return;
		const rest = { ...this.pending };
		delete rest[id];
		this.pending = rest;
	}
}

const offline = (e: unknown) => (e as { code?: string }).code === NETWORK_ERROR;
