// The browser's offline store (issue 12; DESIGN.md "Offline-first client"): RxDB 17 on Dexie
// (IndexedDB). Loaded ONLY by dynamic import from the staff screens that use it
// (`await import('$lib/client/offline/db')`), so neither the diner nor any other page pays for
// it. Never the dev-mode plugin (it injects an iframe loading an outside site).
//
// Collections (at most 10; RxDB refuses a 14th open one per tab): count_sessions (pull-only),
// count_lines (client-created, append-only, pushed), kitchen_boards (the last board the kitchen
// display showed per location, local only: the kitchen stream keeps it current) and
// kitchen_actions (taps made offline, queued and pushed in order; kitchen/offline.svelte.ts) and
// stock_buckets (pull-only: the items' levels, par and low flag per location, derived by the
// server, in 64 buckets per location; the store inventory screen) and live_menus (pull-only:
// what each location's live menu is made of, resolved on the device; the 86 strip).
import {
	addRxPlugin,
	createRxDatabase,
	type RxCollection,
	type RxDatabase
} from 'rxdb/plugins/core';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { RxDBLeaderElectionPlugin } from 'rxdb/plugins/leader-election';
import type {
	CountLineDoc,
	CountSessionDoc,
	KitchenActionInput,
	LiveMenuDoc,
	StockBucketDoc
} from '$lib/shared/wire/sync';

export const MAX_COLLECTIONS = 10;

export type LocalLine = Omit<CountLineDoc, '_deleted'>;
export type LocalSession = Omit<CountSessionDoc, '_deleted'>;
export type LocalStockBucket = Omit<StockBucketDoc, '_deleted'>;
export type LocalLiveMenu = Omit<LiveMenuDoc, '_deleted'>;

export interface LocalBoard {
	location_id: string;
	seq: number;
	tickets: Record<string, unknown>;
	saved_at: string;
}

export interface LocalAction extends KitchenActionInput {
	location_id: string;
	/** Queue order on this device. */
	n: number;
	/** 'pending' until the server answers, then its outcome. */
	status: 'pending' | 'applied' | 'already' | 'conflict' | 'rejected';
	message: string | null;
	/** What the cook calls the ticket, for the notice if it was not applied. */
	ticket_name: string;
}

export interface Collections {
	count_sessions: RxCollection<LocalSession>;
	count_lines: RxCollection<LocalLine>;
	kitchen_boards: RxCollection<LocalBoard>;
	kitchen_actions: RxCollection<LocalAction>;
	stock_buckets: RxCollection<LocalStockBucket>;
	live_menus: RxCollection<LocalLiveMenu>;
}
export type OfflineDb = RxDatabase<Collections>;

const id = { type: 'string', maxLength: 36 } as const;
const text = { type: 'string' } as const;
const nullableText = { type: ['string', 'null'] } as const;

const SCHEMAS = {
	count_sessions: {
		schema: {
			version: 0,
			primaryKey: 'id',
			type: 'object',
			properties: {
				id,
				location_id: text,
				store_id: { type: 'string', maxLength: 36 },
				store_name: text,
				status: { type: 'string', maxLength: 12 },
				items: { type: 'array' },
				started_by_name: nullableText,
				started_at: text
			},
			required: ['id', 'store_id', 'status'],
			indexes: ['store_id']
		}
	},
	count_lines: {
		schema: {
			version: 0,
			primaryKey: 'id',
			type: 'object',
			properties: {
				id,
				session_id: { type: 'string', maxLength: 36 },
				item_id: text,
				quantity: { type: 'number' },
				counted_at: text,
				device_id: text,
				counter_id: nullableText,
				counter_name: nullableText,
				// 'pending' until the server's version comes back: 'accepted' or 'rejected'.
				status: { type: 'string', maxLength: 10 },
				reject_reason: nullableText
			},
			required: ['id', 'session_id', 'item_id', 'quantity', 'counted_at', 'device_id', 'status'],
			indexes: ['session_id', 'status']
		}
	},
	kitchen_boards: {
		schema: {
			version: 0,
			primaryKey: 'location_id',
			type: 'object',
			properties: {
				location_id: id,
				seq: { type: 'number' },
				tickets: { type: 'object' },
				saved_at: text
			},
			required: ['location_id', 'seq', 'tickets']
		}
	},
	kitchen_actions: {
		schema: {
			version: 0,
			primaryKey: 'id',
			type: 'object',
			properties: {
				id,
				location_id: { type: 'string', maxLength: 36 },
				order_id: text,
				kind: text,
				from: nullableText,
				to: nullableText,
				made_at: text,
				device_id: text,
				n: { type: 'number', minimum: 0, maximum: 1e15, multipleOf: 1 },
				status: { type: 'string', maxLength: 10 },
				message: nullableText,
				ticket_name: text
			},
			required: ['id', 'location_id', 'order_id', 'kind', 'made_at', 'n', 'status'],
			indexes: ['location_id', ['location_id', 'n']]
		}
	},
	stock_buckets: {
		schema: {
			version: 0,
			primaryKey: 'id',
			type: 'object',
			properties: {
				// <location_id>:<bucket>
				id: { type: 'string', maxLength: 40 },
				location_id: { type: 'string', maxLength: 36 },
				bucket: { type: 'number' },
				items: { type: 'array' }
			},
			required: ['id', 'location_id', 'bucket', 'items'],
			indexes: ['location_id']
		}
	},
	live_menus: {
		schema: {
			version: 0,
			// The location id.
			primaryKey: 'id',
			type: 'object',
			properties: {
				id,
				location_id: text,
				time_zone: text,
				currency: text,
				dayparts: { type: 'array' },
				placements: { type: 'array' },
				only_left: { type: 'number' }
			},
			required: ['id', 'location_id', 'time_zone', 'dayparts', 'placements', 'only_left']
		}
	}
} as const;

if (Object.keys(SCHEMAS).length > MAX_COLLECTIONS) throw new Error('too many RxDB collections');

let opening: Promise<OfflineDb> | null = null;

/** The tab's database (one per tab; tabs share IndexedDB and elect one leader). */
export function openOfflineDb(name = 'preptable'): Promise<OfflineDb> {
	if (!opening) {
		opening = (async () => {
			addRxPlugin(RxDBLeaderElectionPlugin);
			const db = await createRxDatabase<Collections>({
				name,
				storage: getRxStorageDexie(),
				multiInstance: true,
				eventReduce: true,
				ignoreDuplicate: false
			});
			await db.addCollections(SCHEMAS as never);
			return db;
		})();
		opening.catch(() => (opening = null));
	}
	return opening;
}

/** A stable id for this browser profile (the device of a count line). */
export function deviceId(): string {
	const KEY = 'preptable.device';
	let v = localStorage.getItem(KEY);
	if (!v) {
		v = crypto.randomUUID();
		localStorage.setItem(KEY, v);
	}
	return v;
}
