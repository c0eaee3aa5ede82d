/* eslint-disable svelte/prefer-svelte-reactivity -- every Date, Map, Set and URLSearchParams here
   is built once and assigned whole (or never rendered); none is mutated in place. */
// Replication of one location's offline collections against `/api/v1/sync/{collection}/pull|push`
// (issue 12), and the sync status the screens show (waiting changes, last synced, rejected rows,
// offline since). Only the leader tab replicates and holds the poke stream (RxDB's leader
// election across tabs); other tabs read the shared IndexedDB and see the leader's results.
// A poke (any event on inventory:{locationId} over SSE) or the `online` event → RESYNC.
//
// Loaded with db.ts by dynamic import only.
import { Subject } from 'rxjs';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import type { RxReplicationPullStreamItem } from 'rxdb/plugins/core';
import type { SseClient } from '$lib/client/sse.svelte';
import { followInventory } from '$lib/client/inventory-events';
import {
	syncPath,
	toLocal,
	type CountSessionDoc,
	type PullResponse,
	type PushRow,
	type SyncCheckpoint,
	type SyncCollection
} from '$lib/shared/wire/sync';
import type { LocalLine, OfflineDb } from './db';
import {
	forgetStart,
	movedCounts,
	pendingStarts,
	queueStart,
	recordMove,
	type PendingStart
} from './count-starts';

export type Poke = RxReplicationPullStreamItem<unknown, SyncCheckpoint>;

const LAST_SYNCED = (loc: string) => `preptable.synced.${loc}`;
const OFFLINE_SINCE = 'preptable.offline-since';

/** A failed request: `status` 0 when there was no answer at all. */
export class SyncHttpError extends Error {
	constructor(
		readonly status: number,
		message: string
	) {
		super(message);
	}
}

async function call(method: 'GET' | 'POST', url: string, body?: unknown): Promise<unknown> {
	let res: Response;
	try {
		res = await fetch(url, {
			method,
			cache: 'no-store',
			credentials: 'same-origin',
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
	} catch (e) {
		throw new SyncHttpError(0, (e as Error).message || 'offline');
	}
	if (res.status === 426) {
		// This build speaks an older sync version: load the new app (the queue is in IndexedDB).
		location.reload();
		throw new SyncHttpError(426, 'app out of date');
	}
	if (!res.ok) throw new SyncHttpError(res.status, (await res.text()) || res.statusText);
	return res.json();
}

export interface ReplicationHooks {
	/** Also push the collection's local writes (else pull-only). */
	push?: boolean;
	pullBatch?: number;
	/** RESYNC pokes (the leader's stream, the network coming back). */
	stream$: Subject<Poke>;
	pulled?: (page: PullResponse<unknown>, batchSize: number) => void;
	/** Runs before each push and may rewrite the batch (RxDB retries a failed batch as read). */
	beforePush?: (rows: PushRow<unknown>[]) => Promise<PushRow<unknown>[]>;
	pushed?: () => void;
	/** A failed request (`status` 0: no answer at all); RxDB retries after retryTime. */
	failed?: (e: SyncHttpError) => void;
}

/**
 * Replicates one collection of one location against its sync endpoints, on the leader tab only
 * (RxDB starts and stops it with leadership), retrying every 2 s while it fails.
 */
export function replicate(
	db: OfflineDb,
	name: SyncCollection,
	loc: string,
	hooks: ReplicationHooks
): RxReplicationState<unknown, SyncCheckpoint> {
	const fail = (e: unknown) => {
		hooks.failed?.(e as SyncHttpError);
		throw e;
	};
	const state = replicateRxCollection<unknown, SyncCheckpoint>({
		collection: db[name as keyof OfflineDb['collections']] as never,
		replicationIdentifier: `preptable-${name}-${loc}`,
		live: true,
		retryTime: 2000,
		waitForLeadership: true,
		autoStart: true,
		pull: {
			batchSize: hooks.pullBatch ?? 500,
			stream$: hooks.stream$.asObservable(),
			handler: async (cp, batchSize) => {
				const q = new URLSearchParams({ location_id: loc, limit: String(batchSize) });
				if (cp) {
					q.set('rev', String(cp.rev));
					q.set('id', cp.id);
					if (cp.lost) q.set('lost', '1');
				}
				const page = (await call('GET', `${syncPath(name, 'pull')}?${q}`).catch(
					fail
				)) as PullResponse<never>;
				hooks.pulled?.(page, batchSize);
				return { documents: page.documents, checkpoint: page.checkpoint ?? cp ?? undefined };
			}
		},
		push: hooks.push
			? {
					batchSize: 100,
					handler: async (rows) => {
						let batch = rows as PushRow<unknown>[];
						if (hooks.beforePush) batch = await hooks.beforePush(batch).catch(fail);
						const conflicts = await call(
							'POST',
							`${syncPath(name, 'push')}?location_id=${loc}`,
							batch
						).catch(fail);
						hooks.pushed?.();
						return conflicts as never[];
					}
				}
			: undefined
	});
	state.error$.subscribe(() => {
		/* reported through `failed`; RxDB retries after retryTime */
	});
	return state;
}

export class SyncStatus {
	/** Lines written here and not yet confirmed by the server, and counts started offline. */
	private linesWaiting = $state(0);
	private startsWaiting = $state(0);
	waiting = $derived(this.linesWaiting + this.startsWaiting);
	/** Lines the server stored as rejected, with the reason (the screen names them). */
	rejected = $state<LocalLine[]>([]);
	lastSynced = $state<Date | null>(null);
	online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
	offlineSince = $state<Date | null>(null);
	leader = $state(false);
	/** The last failure other than "offline" (e.g. signed out). */
	error = $state<string | null>(null);
	/** A count started here offline went into one opened meanwhile: said, not left to guess. */
	joined = $state<string | null>(null);
	/** True until the first pull of this location finished on this device. */
	firstSync = $state(true);
	/** Documents pulled so far, and how many the first pull brings (once the server said). */
	received = $state(0);
	total = $state<number | null>(null);

	private states: RxReplicationState<unknown, SyncCheckpoint>[] = [];
	private measured = new Set<SyncCollection>();
	/** Resolves when every collection's first pull is in IndexedDB (only on the leader tab). */
	firstPull: Promise<void> = Promise.resolve();
	private pokes = new Map<string, Subject<Poke>>();
	private stream: Pick<SseClient, 'stop'> | null = null;
	private cleanups: (() => void)[] = [];

	constructor(
		private db: OfflineDb,
		readonly locationId: string
	) {}

	/** Starts watching the local queue at once and replicating once this tab is the leader. */
	async start() {
		performance.mark(`preptable:sync-start:${this.locationId}`);
		const saved = localStorage.getItem(LAST_SYNCED(this.locationId));
		if (saved) {
			this.lastSynced = new Date(saved);
			this.firstSync = false;
		}
		const since = localStorage.getItem(OFFLINE_SINCE);
		if (!this.online) this.offlineSince = since ? new Date(since) : new Date();
		const onOnline = () => this.setOnline(true);
		const onOffline = () => this.setOnline(false);
		addEventListener('online', onOnline);
		addEventListener('offline', onOffline);
		this.cleanups.push(() => {
			removeEventListener('online', onOnline);
			removeEventListener('offline', onOffline);
		});
		const lines = this.db.count_lines;
		const w = lines.count({ selector: { status: 'pending' } }).$.subscribe((n) => {
			this.linesWaiting = n;
		});
		this.startsWaiting = pendingStarts(this.locationId).length;
		const r = lines
			.find({ selector: { status: 'rejected' }, sort: [{ counted_at: 'desc' }] })
			.$.subscribe((docs) => (this.rejected = docs.map((d) => d.toJSON() as LocalLine)));
		this.cleanups.push(
			() => w.unsubscribe(),
			() => r.unsubscribe()
		);

		this.replicate('count_sessions', false);
		// Counts started offline first; lines of one that joined another go to that one.
		this.replicate('count_lines', true, 500, async (rows) => {
			await this.flushStarts();
			const moves = movedCounts();
			return rows.map((r) => {
				const d = r.newDocumentState as LocalLine;
				const to = moves[d.session_id];
				return to ? { ...r, newDocumentState: { ...d, session_id: to } } : r;
			});
		});
		// A bucket holds ~1/64 of the catalog: pages of 16, so the first sync shows progress.
		this.replicate('stock_buckets', false, 16);
		// The first sync is over once every collection's first pull is in IndexedDB.
		this.firstPull = Promise.all(this.states.map((st) => st.awaitInitialReplication())).then(() => {
			if (this.cleanups.length === 0) return;
			this.firstSync = false;
			performance.mark(`preptable:first-sync:${this.locationId}`);
		});
		// The leader holds the poke stream; RxDB starts the replications on leadership itself.
		void this.db.waitForLeadership().then(() => {
			if (this.cleanups.length === 0) return;
			this.leader = true;
			performance.mark(`preptable:leader:${this.locationId}`);
			this.openStream();
		});
	}

	private setOnline(on: boolean) {
		this.online = on;
		if (on) {
			this.offlineSince = null;
			localStorage.removeItem(OFFLINE_SINCE);
			this.resync();
		} else if (!this.offlineSince) {
			this.offlineSince = new Date();
			localStorage.setItem(OFFLINE_SINCE, this.offlineSince.toISOString());
		}
	}

	private synced() {
		this.lastSynced = new Date();
		this.error = null;
		localStorage.setItem(LAST_SYNCED(this.locationId), this.lastSynced.toISOString());
		if (!this.online) this.setOnline(true);
	}

	private failed(e: unknown) {
		const status = (e as SyncHttpError).status;
		if (status === 0) {
			if (this.online) this.setOnline(false);
		} else if (status === 401) {
			this.error = 'Signed out: sign in again to sync (your counts are kept on this device)';
		} else if (status === 403) {
			this.error = 'No access to this location any more';
		} else {
			this.error = (e as Error).message;
		}
	}

	private replicate(
		name: SyncCollection,
		push: boolean,
		pullBatch = 500,
		beforePush?: ReplicationHooks['beforePush']
	) {
		const poke = new Subject<Poke>();
		this.pokes.set(name, poke);
		const state = replicate(this.db, name, this.locationId, {
			push,
			pullBatch,
			beforePush,
			stream$: poke,
			pulled: (page, batchSize) => {
				// Progress counts the collections whose first page said their size.
				if (this.firstSync && page.total !== undefined) {
					this.measured.add(name);
					this.total = (this.total ?? 0) + page.total;
				}
				if (this.firstSync && this.measured.has(name)) {
					this.received += page.documents.length;
				}
				if (page.documents.length < batchSize) this.synced();
			},
			pushed: () => {
				this.synced();
				// Pull straight away: the server's verdict on these lines (stored or rejected)
				// comes back on the pull, and a poke that is late or lost on the stream must not
				// leave them "waiting" until the next change.
				queueMicrotask(() => this.resync());
			},
			failed: (e) => this.failed(e)
		});
		this.states.push(state);
	}

	private openStream() {
		this.stream = followInventory(
			this.locationId,
			['count.session', 'count.lines', 'stock.level', 'stock.par', 'stock.item'],
			() => this.resync()
		);
	}

	/** Keeps a count started here without signal until the server has it (count screen). */
	startedOffline(s: PendingStart) {
		queueStart(s);
		this.startsWaiting = pendingStarts(this.locationId).length;
		this.resync();
	}

	private flushing: Promise<void> | null = null;

	/**
	 * Sends the counts started here offline, before any of their lines (count_lines' push runs
	 * this first): each is created with its own id and start time, or joins the store's count
	 * opened meanwhile, and then its lines here move to that count. Rejects while there is no
	 * network.
	 */
	flushStarts(): Promise<void> {
		this.flushing ??= this.sendStarts().finally(() => (this.flushing = null));
		return this.flushing;
	}

	private async sendStarts(): Promise<void> {
		for (const p of pendingStarts(this.locationId)) {
			let doc: CountSessionDoc;
			try {
				doc = (await call('POST', `/api/v1/stores/${p.store_id}/counts`, {
					id: p.id,
					started_at: p.started_at,
					join_open: true
				})) as CountSessionDoc;
			} catch (e) {
				const status = (e as SyncHttpError).status;
				if (status === 0 || status === 401 || status >= 500) throw e;
				// Refused for good (the store is gone, no longer ours): its lines are rejected
				// with the reason on their push, and named.
				forgetStart(p.id);
				await this.db.count_sessions.findOne(p.id).remove();
				this.error = `The count started offline could not be opened: ${(e as Error).message}`;
				continue;
			}
			const server = toLocal(doc);
			if (server.id !== p.id) {
				// Its lines are not changed here: the push sends them to the joined count (the
				// moves map) and the server's version of each comes back on the pull. A local
				// edit would be a newer fork that hides the server's verdict.
				recordMove(p.id, server.id);
				await this.db.count_sessions.findOne(p.id).remove();
				const by = server.started_by_name ?? 'another manager';
				this.joined = `${server.store_name} was already being counted (by ${by}): the count you started offline joined it, with its lines.`;
			}
			await this.db.count_sessions.upsert(server);
			forgetStart(p.id);
		}
		this.startsWaiting = pendingStarts(this.locationId).length;
	}

	/** Pull now (a poke, the network is back, or the person asked). */
	resync() {
		if (this.leader && this.startsWaiting > 0) void this.flushStarts().catch(() => {});
		for (const p of this.pokes.values()) p.next('RESYNC');
		for (const s of this.states) s.reSync();
	}

	/** Resolves once every replication is idle and in sync (tests, the bench). */
	async inSync() {
		await Promise.all(this.states.map((s) => s.awaitInSync()));
	}

	async stop() {
		for (const c of this.cleanups.splice(0)) c();
		this.stream?.stop();
		this.stream = null;
		await Promise.all(this.states.splice(0).map((s) => s.cancel()));
	}
}
