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
import { backoff } from '$lib/shared/backoff';

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
	/** Since when nothing reached the server; null while it does. */
	offlineSince = $state<Date | null>(null);
	/** What became of taps the server did not apply as made (already done, moved on, gone). */
	notices = $state<Notice[]>([]);
	/** Order ids with a tap still waiting (the ticket shows it). */
	pendingOrders = $state<Set<string>>(new Set());

	private timer: ReturnType<typeof setTimeout> | undefined;
	private failures = 0;
	private flushing: Promise<boolean> | null = null;
	private leader = false;
	private stops: (() => void)[] = [];

	private constructor(
		private db: OfflineDb,
		private deviceId: string,
		readonly locationId: string,
		/** After a push was answered: reload the board (the server's truth now includes it). */
		private onFlushed: () => void
	) {}

	/** Null when this browser has no usable IndexedDB: the board then works online only. */
	static async open(locationId: string, onFlushed: () => void): Promise<KitchenOffline | null> {
		try {
			const { openOfflineDb, deviceId } = await import('$lib/client/offline/db');
			const k = new KitchenOffline(await openOfflineDb(), deviceId(), locationId, onFlushed);
			k.start();
			return k;
		} catch {
			return null;
		}
	}

	private start() {
		const saved = localStorage.getItem(OFFLINE_SINCE);
		if (saved && !navigator.onLine) this.offlineSince = new Date(saved);
		else if (!navigator.onLine) this.wentOffline();
		const sub = this.db.kitchen_actions
			.find({ selector: { location_id: this.locationId, status: 'pending' } })
			.$.subscribe((docs) => {
				this.waiting = docs.length;
				this.pendingOrders = new Set(docs.map((d) => d.order_id));
				// A tap queued in another tab of this device: the leader pushes it.
				if (docs.length && this.leader && !this.offlineSince) this.schedule(0);
			});
		const online = () => this.schedule(0);
		const offline = () => this.wentOffline();
		addEventListener('online', online);
		addEventListener('offline', offline);
		this.stops.push(
			() => sub.unsubscribe(),
			() => removeEventListener('online', online),
			() => removeEventListener('offline', offline)
		);
		void this.db.waitForLeadership().then(() => {
			if (!this.stops.length) return;
			this.leader = true;
			this.schedule(0);
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
		if (!this.offlineSince) this.schedule(0);
	}

	/** No answer from the server: the board says so until something gets through. */
	wentOffline() {
		if (this.offlineSince) return;
		this.offlineSince = new Date();
		localStorage.setItem(OFFLINE_SINCE, this.offlineSince.toISOString());
		this.schedule(backoff(0, 1000, 30_000, Math.random()));
	}

	/** Something reached the server (a snapshot, the stream): push what waits. */
	backOnline() {
		const was = this.offlineSince;
		this.offlineSince = null;
		localStorage.removeItem(OFFLINE_SINCE);
		this.failures = 0;
		if (was || this.waiting) this.schedule(0);
	}

	dismiss(id: string) {
		this.notices = this.notices.filter((n) => n.id !== id);
	}

	private schedule(ms: number) {
		clearTimeout(this.timer);
		this.timer = setTimeout(() => void this.flush(), ms);
	}

	/** Pushes the waiting taps in order; true when the server answered. */
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
			// No answer at all: try again later, a little later each time.
			if (!this.offlineSince) {
				this.offlineSince = new Date();
				localStorage.setItem(OFFLINE_SINCE, this.offlineSince.toISOString());
			}
			this.schedule(backoff(++this.failures, 1000, 30_000, Math.random()));
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
			this.schedule(backoff(++this.failures, 1000, 30_000, Math.random()));
			return false;
		}
		const results = (await res.json()) as KitchenActionResult[];
		this.backOnline();
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
		this.onFlushed();
		if (docs.length === BATCH) this.schedule(0);
		return true;
	}
}

function describe(r: KitchenActionResult): string {
	if (r.outcome === 'already') return 'already done on another screen (not done twice)';
	if (r.outcome === 'conflict') return `not changed, it had moved on (${r.message})`;
	return `could not be changed (${r.message})`;
}
