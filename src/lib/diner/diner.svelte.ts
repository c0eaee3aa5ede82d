// The diner's screen as one state machine: where this phone is at its table (`view`), plus the
// menu, cart and orders it shows. The page and its components only render it and call its
// methods; everything that talks to the server, the realtime sidecar or storage is here, and
// injectable, so the transitions are tested without a browser (diner.test.ts).
import { api, HttpError } from '$lib/client/http';
import { RealtimeClient, realtimeUrl } from '$lib/realtime/client.svelte';
import { channels } from '$lib/shared/channels';
import type { DinerOrder, MenuEntry } from '$lib/shared/wire/diner';
import type { RealtimeEvent } from '$lib/shared/protocol';
import * as cartFns from './cart';
import { errorKey, type ErrorKey } from './errors';
import { pickLang, STRINGS, type Lang } from './i18n';
import { inviteLink } from './invite';

/** The table session this phone belongs to (its own request, or joined from an invite link). */
export interface Mine {
	sessionId: string;
	token: string;
	startedAt: string;
}

/** GET …/check-session: the table's open (pending or active) session, if any. */
export interface TableCheck {
	hasSession: boolean;
	status?: string;
	sessionId?: string;
	customerName?: string;
}

/** Where the diner is. Each state carries what its screen needs. */
export type DinerView =
	| { name: 'loading' }
	| { name: 'notfound' }
	| { name: 'request' }
	| { name: 'busy'; status: string; customerName: string }
	| { name: 'waiting'; mine: Mine }
	| { name: 'menu'; mine: Mine }
	| { name: 'rejected' }
	/** The request lapsed: nobody answered it in time. */
	| { name: 'lapsed' }
	| { name: 'ended' };

/** Notices are keys of the diner strings, so they follow a language switch. */
export type Notice = 'callSent' | 'billSent' | 'inviteCopied' | 'requestCancelled';

export type CallType = 'waiter' | 'bill';
/** A waiter call or bill request as the diner's buttons show it. */
export type CallState = 'pending' | 'acknowledged' | null;

/**
 * The next view from the table's open session, or 'gone' when this phone's session is no
 * longer the open one (then its own status says whether it was rejected or has ended).
 */
export function viewFor(check: TableCheck, mine: Mine | null): DinerView | 'gone' {
	if (mine && check.sessionId !== mine.sessionId) return 'gone';
	if (!check.hasSession) return { name: 'request' };
	if (mine) return check.status === 'active' ? { name: 'menu', mine } : { name: 'waiting', mine };
	return {
		name: 'busy',
		status: check.status ?? 'pending',
		customerName: check.customerName ?? ''
	};
}

export const closedView = (status: string | undefined, lapsed = false): DinerView =>
	status === 'rejected' ? (lapsed ? { name: 'lapsed' } : { name: 'rejected' }) : { name: 'ended' };

type KeyValue = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface DinerDeps {
	call: (method: string, path: string, body?: unknown, token?: string) => Promise<unknown>;
	/** Survives reloads: the session, the cart, the language. */
	local: KeyValue;
	/** Per tab: the idempotency key of the order being sent. */
	tab: KeyValue;
	/** Follows this session's channel, calling `changed` on every event; returns a stop. */
	follow: (mine: Mine, changed: (e?: RealtimeEvent) => void) => () => void;
	uuid: () => string;
	/** How often the safety-net poll runs while the table can still change (ms). */
	pollMs: number;
}

function browserDeps(base: string): DinerDeps {
	return {
		call: (method, path, body, token) => api(method, base + path, body, { token }),
		local: localStorage,
		tab: sessionStorage,
		follow: (mine, changed) => {
			const rt = new RealtimeClient({
				url: () => realtimeUrl(),
				token: () => mine.token,
				onEvent: changed,
				onReset: () => changed(),
				// Closed 4001: the session ended or the token expired; stop, refresh() shows why.
				onUnauthorized: () => {
					changed();
					return false;
				}
			});
			rt.subscribe(channels.session(mine.sessionId));
			rt.start();
			return () => rt.stop();
		},
		uuid: () => crypto.randomUUID(),
		pollMs: 5000
	};
}

export class Diner {
	view = $state<DinerView>({ name: 'loading' });
	lang = $state<Lang>('es');
	branchName = $state('');
	/** The location's ISO 4217 currency (prices are its cents). */
	currency = $state('PEN');
	tableNumber = $state<number | null>(null);
	items = $state<MenuEntry[]>([]);
	mine = $state<Mine | null>(null);
	cart = $state<cartFns.CartLine[]>([]);
	orders = $state<DinerOrder[]>([]);
	busy = $state(false);
	/** What went wrong, as a diner string key (never a raw message or code). */
	error = $state<ErrorKey | ''>('');
	/** Why the last Send failed: shown beside the Send button, where the diner tapped. */
	orderError = $state<ErrorKey | ''>('');
	notice = $state<Notice | null>(null);

	/** This table's latest waiter call and bill request: pending until staff take them. */
	calls = $state<Record<CallType, CallState>>({ waiter: null, bill: null });
	/** The staff were reminded of this phone's pending request (after a minute). */
	reminded = $state(false);

	/** The "Invite your table" link, once shared (shown for copying by hand). */
	invite = $state('');

	/**
	 * The order this phone just sent, shown where the cart was (where the diner is looking)
	 * until they add something again.
	 */
	sent = $state<DinerOrder | null>(null);

	t = $derived(STRINGS[this.lang]);
	cartTotal = $derived(cartFns.total(this.cart));
	cartCount = $derived(this.cart.reduce((n, l) => n + l.quantity, 0));

	private readonly key: string;
	private unfollow: (() => void) | null = null;
	private poll: ReturnType<typeof setInterval> | undefined;
	#deps: DinerDeps | undefined;

	constructor(
		readonly slug: string,
		readonly code: string,
		deps?: DinerDeps
	) {
		this.#deps = deps;
		this.key = `preptable:diner:${code}`;
	}

	// Made on first use, not in the constructor: the page also constructs one while rendering on
	// the server, where there is no storage.
	private get deps(): DinerDeps {
		this.#deps ??= browserDeps(
			`/api/customer/${encodeURIComponent(this.slug)}/${encodeURIComponent(this.code)}`
		);
		return this.#deps;
	}

	private call<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
		return this.deps.call(method, path, body, token) as Promise<T>;
	}

	/**
	 * Opens the table: the saved language, session and cart, the session of an invite link
	 * (`joined`), then the menu and where this phone stands.
	 */
	async start(languages: readonly string[], joined?: { sessionId: string; token: string } | null) {
		const saved = this.deps.local.getItem('preptable:lang');
		this.lang = saved === 'en' || saved === 'es' ? saved : pickLang(languages);
		try {
			this.mine = JSON.parse(this.deps.local.getItem(this.key) ?? 'null');
		} catch {
			this.mine = null;
		}
		if (joined && joined.sessionId !== this.mine?.sessionId) {
			// eslint-disable-next-line svelte/prefer-svelte-reactivity -- turned into a string at once
			const startedAt = new Date().toISOString();
			this.remember({ ...joined, startedAt });
		}
		this.cart = cartFns.load(`${this.key}:cart`, this.deps.local);
		// Live updates come from the event stream; this slow poll is the safety net.
		this.poll = setInterval(() => {
			const v = this.view.name;
			if (v === 'waiting' || v === 'menu' || v === 'busy') void this.refresh().catch(() => {});
		}, this.deps.pollMs);
		try {
			const m = await this.call<{
				branch: { name: string; currency?: string };
				table: { number: number };
				items: MenuEntry[];
			}>('GET', '/menu');
			this.branchName = m.branch.name;
			this.currency = m.branch.currency ?? 'PEN';
			this.tableNumber = m.table.number;
			this.items = m.items;
			await this.refresh();
		} catch (e) {
			if (e instanceof HttpError && e.status === 404) this.view = { name: 'notfound' };
			else this.error = errorKey(e);
		}
	}

	stop() {
		clearInterval(this.poll);
		this.stopEvents();
	}

	switchLang(): Lang {
		this.lang = this.lang === 'es' ? 'en' : 'es';
		this.deps.local.setItem('preptable:lang', this.lang);
		return this.lang;
	}

	/** Asks the server where this phone stands and moves there. */
	async refresh() {
		const check = await this.call<TableCheck>('GET', '/check-session');
		const mine = this.mine;
		const next = viewFor(check, mine);
		if (next === 'gone') {
			const s = await this.call<{ status: string; lapsed?: boolean }>(
				'GET',
				`/session-status/${mine!.sessionId}`
			).catch(() => null);
			this.view = closedView(s?.status, s?.lapsed);
			this.notice = null;
			this.stopEvents();
			// The visit is over: forget it here, so the next load (the next party at this
			// table, or this phone tomorrow) starts a new one instead of thanking forever.
			if (this.view.name === 'ended') {
				this.remember(null);
				this.setCart([]);
			}
			return;
		}
		this.view = next;
		if (next.name === 'menu')
			await Promise.all([this.loadOrders(next.mine), this.loadCalls(next.mine).catch(() => {})]);
		if (next.name === 'menu' || next.name === 'waiting') this.startEvents(next.mine);
	}

	async requestTable(customerName: string, customerPhone: string) {
		this.busy = true;
		this.error = '';
		this.notice = null;
		try {
			const r = await this.call<{ session: { id: string; started_at: string }; token: string }>(
				'POST',
				'/session',
				{
					customerName: customerName.trim(),
					...(customerPhone.trim() ? { customerPhone: customerPhone.trim() } : {})
				}
			);
			this.remember({ sessionId: r.session.id, token: r.token, startedAt: r.session.started_at });
			await this.refresh();
		} catch (e) {
			this.error = errorKey(e);
			await this.refresh().catch(() => {});
		} finally {
			this.busy = false;
		}
	}

	add(entry: Omit<cartFns.CartLine, 'quantity'>) {
		this.setCart(cartFns.add(this.cart, entry));
		// A new cart replaces the confirmation of the last one.
		this.sent = null;
	}

	removeOne(id: string) {
		this.setCart(cartFns.removeOne(this.cart, id));
	}

	/** Sends the cart; true when the kitchen has it (the caller clears its notes). */
	async placeOrder(notes: string): Promise<boolean> {
		const mine = this.mine;
		if (!mine || this.cart.length === 0) return false;
		this.busy = true;
		this.orderError = '';
		this.notice = null;
		// One key per cart submission: a retry after a dropped connection cannot double the order.
		const keyName = `${this.key}:key`;
		const key = this.deps.tab.getItem(keyName) ?? this.deps.uuid();
		this.deps.tab.setItem(keyName, key);
		try {
			const order = await this.call<DinerOrder>(
				'POST',
				'/orders',
				{
					idempotencyKey: key,
					notes: notes.trim(),
					lines: this.cart.map((l) => ({
						[l.kind === 'meal' ? 'mealId' : 'itemId']: l.id,
						quantity: l.quantity
					}))
				},
				mine.token
			);
			this.deps.tab.removeItem(keyName);
			this.setCart([]);
			this.sent = order;
			await this.loadOrders(mine).catch(() => {});
			return true;
		} catch (e) {
			this.orderError = errorKey(e);
			return false;
		} finally {
			this.busy = false;
		}
	}

	/**
	 * Calls a waiter or asks for the bill. The call then shows as pending until staff take it
	 * (call:acknowledged on the session channel, or the next poll); then the diner is told.
	 */
	async callStaff(type: CallType) {
		if (!this.mine) return;
		this.error = '';
		this.notice = null;
		try {
			await this.call('POST', '/calls', { type }, this.mine.token);
			this.calls = { ...this.calls, [type]: 'pending' };
		} catch (e) {
			// Already asked: the staff have it and it is still pending.
			if (e instanceof HttpError && e.code === 'CALL_PENDING')
				this.calls = { ...this.calls, [type]: 'pending' };
			else this.error = errorKey(e);
		}
	}

	/** Staff took a call: the diner's button is free again and they are told. */
	private acknowledged(type: CallType) {
		this.calls = { ...this.calls, [type]: 'acknowledged' };
		this.notice = type === 'bill' ? 'billSent' : 'callSent';
	}

	private async loadCalls(mine: Mine) {
		const rows = await this.call<{ type: CallType; status: string }[]>(
			'GET',
			'/calls',
			undefined,
			mine.token
		);
		const next: Record<CallType, CallState> = { waiter: null, bill: null };
		for (const r of rows) next[r.type] = r.status === 'pending' ? 'pending' : null;
		for (const type of ['waiter', 'bill'] as const) {
			// Taken while no event reached us (a reconnect, the poll): still tell the diner.
			if (this.calls[type] === 'pending' && next[type] === null) this.acknowledged(type);
			else if (this.calls[type] !== 'acknowledged' || next[type]) this.calls[type] = next[type];
		}
	}

	/** After a minute on the wait screen: remind the staff once (the floor marks the request). */
	async remind() {
		const mine = this.mine;
		if (!mine || this.reminded || this.view.name !== 'waiting') return;
		try {
			await this.call('POST', '/session/remind', undefined, mine.token);
			this.reminded = true;
		} catch {
			// Too early, approved meanwhile, or offline: the wait screen stays as it is; the next
			// refresh shows where the request stands.
		}
	}

	/** The diner withdraws their pending request; the table is free to ask again. */
	async cancelRequest() {
		const mine = this.mine;
		if (!mine) return;
		this.busy = true;
		this.error = '';
		try {
			await this.call('POST', '/session/cancel', undefined, mine.token);
			this.stopEvents();
			this.remember(null);
			this.reminded = false;
			this.view = { name: 'request' };
			this.notice = 'requestCancelled';
		} catch (e) {
			// Approved or refused just now: show that instead.
			if (e instanceof HttpError && e.status === 404) await this.refresh().catch(() => {});
			else this.error = errorKey(e);
		} finally {
			this.busy = false;
		}
	}

	/** Shares the invite link (share sheet, else clipboard, else shown to copy by hand). */
	async shareInvite(origin: string) {
		if (!this.mine) return;
		const url = inviteLink(origin, this.slug, this.code, this.mine.token);
		const title = `${this.branchName} · ${this.t.table} ${this.tableNumber ?? ''}`;
		if (navigator.share) {
			try {
				await navigator.share({ title, text: this.t.inviteHelp, url });
				return;
			} catch (e) {
				if ((e as Error).name === 'AbortError') return; // the diner closed the share sheet
			}
		}
		this.invite = url;
		await navigator.clipboard?.writeText(url).then(
			() => (this.notice = 'inviteCopied'),
			() => {}
		);
	}

	/** After a rejection: forget the old request and ask again. */
	startOver() {
		this.remember(null);
		this.reminded = false;
		this.view = { name: 'request' };
	}

	private async loadMenu() {
		const m = await this.call<{ items: MenuEntry[] }>('GET', '/menu');
		this.items = m.items;
	}

	private async loadOrders(mine: Mine) {
		this.orders = await this.call<DinerOrder[]>('GET', '/orders', undefined, mine.token);
	}

	private remember(m: Mine | null) {
		this.mine = m;
		if (m) this.deps.local.setItem(this.key, JSON.stringify(m));
		else this.deps.local.removeItem(this.key);
	}

	private setCart(next: cartFns.CartLine[]) {
		this.cart = next;
		cartFns.save(`${this.key}:cart`, next, this.deps.local);
	}

	// Live updates over the realtime sidecar on this diner's own session channel (the token
	// only opens that one); the slow poll is the safety net.
	private startEvents(mine: Mine) {
		if (this.unfollow) return;
		// menu:changed reaches the session channel too: an 86 shows at once, then the menu is
		// reloaded; anything else (or a reset) re-reads where the table stands, menu included.
		this.unfollow = this.deps.follow(mine, (e) => {
			if (e?.event === 'call:acknowledged') {
				this.acknowledged(e.payload.type);
				return;
			}
			if (e?.event === 'menu:changed') {
				const p = e.payload;
				if (p.entity === 'placement' && p.sold_out !== undefined) {
					this.items = this.items.map((i) =>
						i.placement_id === p.id ? { ...i, sold_out: p.sold_out! } : i
					);
				}
				void this.loadMenu().catch(() => {});
				return;
			}
			void this.refresh().catch(() => {});
			void this.loadMenu().catch(() => {});
		});
	}

	private stopEvents() {
		this.unfollow?.();
		this.unfollow = null;
	}
}
