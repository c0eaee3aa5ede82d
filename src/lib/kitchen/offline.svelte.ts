/* eslint-disable svelte/prefer-svelte-reactivity -- every Date here is built once and assigned
   whole; none is mutated in place. */
// The kitchen display without signal (issue 12): the last board of each location is kept in
// IndexedDB (RxDB, loaded by dynamic import only here), so a reload in a dead zone shows the
// last tickets; taps made while offline are queued there with client UUIDs and pushed, in the
// order they were made, to `kitchen_actions-v1/push` when the network returns. The server
// applies each once and says what became of it; taps another screen had already made, or that
// the ticket has moved past, come back as notices for the cook. Only the leader tab pushes
// (the queue is shared by the device's tabs).
import type { Board, Ticket } from './merge';
import type { KitchenActionInput, KitchenActionResult } from '$lib/shared/wire/sync';
import type { OfflineDb } from '$lib/client/offline/db';
import { syncPath } from '$lib/shared/wire/sync';
import { Reachability } from '$lib/client/offline/reachability.svelte';

export interface Notice {
	id: string;
	text: string;
}

const OFFLINE_SINCE = 'preptable.kitchen.offline-since';
// Taps per push (the endpoint takes up to 1,000 rows).
const BATCH = 200;

export class KitchenOffline {
	/** Taps made here and not yet answered by the server. */
	waiting = $state(0);
	/** What became of taps the server did not apply as made (already done, moved on, gone). */
	notices = $state<Notice[]>([]);
	/** Order ids with a tap still waiting (the ticket shows it). */
	pendingOrders = $state<Set<string>>(new Set());
	/** Offline since when; while offline, pushes what waits and reloads the board with backoff. */
	readonly reach: Reachability;

	private timer: ReturnType<typeof setTimeout> | undefined;
	private flushing: Promise<boolean> | null = null;
	private leader = false;
	private stops: (() => void)[] = [];

	private constructor(
		private db: OfflineDb,
		private deviceId: string,
		readonly locationId: string,
		/** Reloads the board from the server (it calls backOnline or wentOffline itself). */
		private reload: () => Promise<void>
	) {
		// While offline: send what waits (the leader), then reload the board, which proves the
		// way back and catches up.
		this.reach = new Reachability(OFFLINE_SINCE, async () => {
			await this.flush();
			await this.reload();
		});
	}

	/** Null when this browser has no usable IndexedDB: the board then works online only. */
	static async open(
		locationId: string,
		reload: () => Promise<void>
	): Promise<KitchenOffline | null> {
		try {
			const { openOfflineDb, deviceId } = await import('$lib/client/offline/db');
			const k = new KitchenOffline(await openOfflineDb(), deviceId(), locationId, reload);
			k.start();
			return k;
		} catch {
			return null;
		}
	}

	get offlineSince(): Date | null {
		return this.reach.offlineSince;
	}

	private start() {
		this.reach.start();
		const sub = this.db.kitchen_actions
			.find({ selector: { location_id: this.locationId, status: 'pending' } })
			.$.subscribe((docs) => {
				this.waiting = docs.length;
				this.pendingOrders = new Set(docs.map((d) => d.order_id));
				// A tap queued in another tab of this device: the leader pushes it.
				if (docs.length && this.leader && !this.offlineSince) this.schedule();
			});
		this.stops.push(
			() => sub.unsubscribe(),
			() => this.reach.stop()
		);
		void this.db.waitForLeadership().then(() => {
			if (!this.stops.length) return;
			this.leader = true;
			if (this.waiting) this.schedule();
		});
	}

	stop() {
		for (const s of this.stops.splice(0)) s();
		clearTimeout(this.timer);
	}

	/** The board this device last showed for the location, if any. */
	async loadBoard(): Promise<Board | null> {
		const doc = await this.db.kitchen_boards.findOne(this.locationId).exec();
		return doc ? { tickets: doc.tickets as Record<string, Ticket>, seq: doc.seq } : null;
	}

	async saveBoard(b: Board) {
		await this.db.kitchen_boards.upsert({
			location_id: this.locationId,
			seq: b.seq,
			tickets: b.tickets,
			saved_at: new Date().toISOString()
		});
	}

	/** Queues a tap; the caller shows its effect on the board at once. */
	async enqueue(
		a: Omit<KitchenActionInput, 'id' | 'made_at' | 'device_id'> & { ticket_name: string }
	) {
		// `n` keeps the order of taps made within one millisecond.
		const last = await this.db.kitchen_actions
			.findOne({ selector: { location_id: this.locationId }, sort: [{ n: 'desc' }] })
			.exec();
		await this.db.kitchen_actions.insert({
			...a,
			id: crypto.randomUUID(),
			made_at: new Date().toISOString(),
			device_id: this.deviceId,
			location_id: this.locationId,
			n: (last?.n ?? 0) + 1,
			status: 'pending',
			message: null
		});
		if (!this.offlineSince) this.schedule();
	}

	/** No answer from the server: the board says so until something gets through. */
	wentOffline() {
		this.reach.failed();
	}

	/** Something reached the server (a snapshot, the stream): push what waits. */
	backOnline() {
		const was = this.offlineSince;
		this.reach.ok();
		if (was && this.waiting) this.schedule();
	}

	dismiss(id: string) {
		this.notices = this.notices.filter((n) => n.id !== id);
	}

	private schedule() {
		clearTimeout(this.timer);
		this.timer = setTimeout(async () => {
			if (await this.flush()) await this.reload();
		}, 0);
	}

	/** Pushes the waiting taps in order; false when the server did not answer (or not leader). */
	flush(): Promise<boolean> {
		if (!this.leader) return Promise.resolve(false);
		this.flushing ??= this.push().finally(() => (this.flushing = null));
		return this.flushing;
	}

	private async push(): Promise<boolean> {
		const docs = await this.db.kitchen_actions
			.find({
				selector: { location_id: this.locationId, status: 'pending' },
				sort: [{ n: 'asc' }],
				limit: BATCH
			})
			.exec();
		if (!docs.length) return true;
		let res: Response;
		try {
			res = await fetch(`${syncPath('kitchen_actions', 'push')}?location_id=${this.locationId}`, {
				method: 'POST',
				cache: 'no-store',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(
					docs.map((d) => ({
						newDocumentState: {
							id: d.id,
							order_id: d.order_id,
							kind: d.kind,
							from: d.from,
							to: d.to,
							made_at: d.made_at,
							device_id: d.device_id
						}
					}))
				)
			});
		} catch {
			// No answer at all: the reachability retries, a little later each time.
			this.reach.failed();
			return false;
		}
		if (res.status === 426) {
			location.reload();
			return false;
		}
		if (!res.ok) {
			// Signed out or out of scope: the taps stay queued and the board says why.
			this.notices = [
				...this.notices.filter((n) => n.id !== 'push'),
				{
					id: 'push',
					text:
						res.status === 401
							? 'Signed out: sign in again to send the changes made offline'
							: 'The changes made offline could not be sent (no access to this kitchen)'
				}
			];
			return false;
		}
		const results = (await res.json()) as KitchenActionResult[];
		this.reach.ok();
		const names = new Map(docs.map((d) => [d.id, d.ticket_name]));
		for (const r of results) {
			const doc = await this.db.kitchen_actions.findOne(r.id).exec();
			await doc?.incrementalPatch({ status: r.outcome, message: r.message });
			if (r.outcome !== 'applied') {
				this.notices = [
					...this.notices,
					{ id: r.id, text: `${names.get(r.id) ?? 'A ticket'}: ${describe(r)}` }
				];
			}
		}
		if (docs.length === BATCH) this.schedule();
		return true;
	}
}

function describe(r: KitchenActionResult): string {
	if (r.outcome === 'already') return 'already done on another screen (not done twice)';
	if (r.outcome === 'conflict') return `not changed, it had moved on (${r.message})`;
	return `could not be changed (${r.message})`;
}
