// The signage screen's state: provisioned once with the location's kiosk token (typed, or
// `?token=` for fleet setup), which it keeps and exchanges at /api/v1/signage/auth for a kiosk
// session whenever it has none. It shows the live menu (GET …/menu/current), follows
// menu:{location} on the realtime sidecar, switches dayparts at the boundary by itself, keeps
// the last menu in localStorage and shows it offline (a discreet mark after a few minutes
// without the server), and never shows an error page: a rotated token is a clear message.
import { api, HttpError } from '$lib/client/http';
import { RealtimeClient, realtimeUrl } from '$lib/realtime/client.svelte';
import { channels } from '$lib/shared/channels';
import type { RealtimeEvent } from '$lib/shared/protocol';
import type { CurrentMenu, LiveEntry } from '$lib/shared/wire/menus';
import { boardAt, parseCached, type Board, type Cached } from '$lib/signage/board';

const TOKEN_KEY = 'preptable:signage:token';
const MENU_KEY = 'preptable:signage:menu';
/** Without the server for this long, the screen shows its discreet offline mark. */
export const OFFLINE_MARK_MS = 3 * 60_000;
/** Safety-net reload while the realtime channel is quiet. */
const POLL_MS = 60_000;

export type SignageView = 'loading' | 'provision' | 'menu';

export class Signage {
	view = $state<SignageView>('loading');
	cached = $state<Cached | null>(null);
	/** Shown over the menu (or on the provisioning form): what the screen needs. */
	notice = $state('');
	/** Epoch ms of the last answer from the server. */
	lastContact = $state(0);
	now = $state(Date.now());
	busy = $state(false);

	board = $derived<Board | null>(this.cached ? boardAt(this.cached.menu, this.now) : null);
	offline = $derived(this.lastContact > 0 && this.now - this.lastContact > OFFLINE_MARK_MS);

	private locationId: string | null = null;
	private rt: RealtimeClient | null = null;
	private timers: ReturnType<typeof setInterval>[] = [];
	private boundary: ReturnType<typeof setTimeout> | undefined;
	private retry: ReturnType<typeof setTimeout> | undefined;
	private retryMs = 1000;
	private stopped = false;

	/** Opens the screen: a `?token=` from the URL, the stored one, the cached menu. */
	async start(url: URL) {
		const fromUrl = url.searchParams.get('token');
		if (fromUrl) {
			localStorage.setItem(TOKEN_KEY, fromUrl.trim());
			url.searchParams.delete('token');
			history.replaceState(history.state, '', url.pathname + url.search);
		}
		this.cached = parseCached(localStorage.getItem(MENU_KEY));
		if (this.cached) {
			this.view = 'menu';
			this.lastContact = this.cached.saved_at;
		}
		this.timers.push(setInterval(() => (this.now = Date.now()), 1000));
		this.timers.push(setInterval(() => void this.load(), POLL_MS));
		if (!localStorage.getItem(TOKEN_KEY)) {
			if (!this.cached) this.view = 'provision';
			return;
		}
		await this.connect();
	}

	stop() {
		this.stopped = true;
		for (const t of this.timers) clearInterval(t);
		clearTimeout(this.boundary);
		clearTimeout(this.retry);
		this.rt?.stop();
	}

	/** The token typed in (or scanned into) the provisioning form. */
	async provision(token: string) {
		const t = token.trim();
		if (!t) return;
		this.busy = true;
		localStorage.setItem(TOKEN_KEY, t);
		try {
			await this.connect();
		} finally {
			this.busy = false;
		}
	}

	/** Exchanges the stored token for a kiosk session, then loads and follows the menu. */
	private async connect(): Promise<boolean> {
		const token = localStorage.getItem(TOKEN_KEY);
		if (!token) return false;
		try {
			const r = await api<{ location_id: string }>('POST', '/api/v1/signage/auth', { token });
			if (this.locationId && this.locationId !== r.location_id) this.follow(null);
			this.locationId = r.location_id;
			this.retryMs = 1000;
			this.notice = '';
			this.contact();
		} catch (e) {
			if (e instanceof HttpError && (e.status === 401 || e.status === 400)) {
				localStorage.removeItem(TOKEN_KEY);
				this.rt?.stop();
				this.rt = null;
				this.notice =
					'This screen’s kiosk token is no longer valid (it was rotated). Enter the new token from the admin screen, or open /signage?token=… with it.';
				if (!this.cached) this.view = 'provision';
				else this.view = 'menu';
				return false;
			}
			this.later(() => void this.connect());
			return false;
		}
		await this.load();
		this.follow(this.locationId);
		return true;
	}

	/** Reloads the live menu; a lost session is exchanged again, a lost network retried. */
	async load() {
		if (!this.locationId || this.stopped) return;
		const id = this.locationId;
		try {
			const known = this.cached?.menu.location_id === id ? this.cached.location_name : null;
			const [menu, name] = await Promise.all([
				api<CurrentMenu>('GET', `/api/v1/locations/${id}/menu/current`),
				known ?? api<{ name: string }>('GET', `/api/v1/locations/${id}`).then((l) => l.name)
			]);
			const c: Cached = { saved_at: Date.now(), location_name: name, menu };
			this.cached = c;
			localStorage.setItem(MENU_KEY, JSON.stringify(c));
			this.view = 'menu';
			this.contact();
			this.atBoundary(menu);
		} catch (e) {
			if (e instanceof HttpError && (e.status === 401 || e.status === 403 || e.status === 404)) {
				await this.connect();
			} else this.later(() => void this.load());
		}
	}

	private contact() {
		this.lastContact = Date.now();
		this.now = this.lastContact;
	}

	/** Reload just after the daypart changes (the board has already switched by itself). */
	private atBoundary(m: CurrentMenu) {
		clearTimeout(this.boundary);
		if (!m.next_change_at) return;
		const wait = Date.parse(m.next_change_at) - Date.now();
		// setTimeout cannot wait longer than ~24.8 days; the poll covers anything far away.
		if (wait > 2 ** 31 - 1) return;
		this.boundary = setTimeout(
			() => {
				this.now = Date.now();
				void this.load();
			},
			Math.max(0, wait) + 500
		);
	}

	private later(fn: () => void) {
		clearTimeout(this.retry);
		if (this.stopped) return;
		this.retry = setTimeout(fn, this.retryMs);
		this.retryMs = Math.min(this.retryMs * 2, 30_000);
	}

	/** Follows menu:{location} on the sidecar (null: stop). */
	private follow(locationId: string | null) {
		if (!locationId) {
			this.rt?.stop();
			this.rt = null;
			return;
		}
		if (this.rt) return;
		const rt = new RealtimeClient({
			url: () => realtimeUrl(),
			onEvent: (e) => {
				this.contact();
				this.apply(e);
				void this.load();
			},
			onReset: () => void this.load(),
			// Followed from the head: an 86 made between the menu load and now is in no event.
			onSubscribed: () => void this.load(),
			// 4001: the kiosk session ended (token rotated, expired): exchange the token again.
			onUnauthorized: async () => {
				this.rt = null;
				return this.connect().then(() => false);
			}
		});
		rt.subscribe(channels.menu(locationId));
		rt.start();
		this.rt = rt;
	}

	/** An 86 shows at once from the event itself; the reload that follows confirms it. */
	private apply(e: RealtimeEvent) {
		if (e.event !== 'menu:changed' || !this.cached) return;
		const p = e.payload;
		if (p.entity !== 'placement' || p.sold_out === undefined) return;
		const patch = (xs: LiveEntry[] | null) =>
			xs?.map((x) => (x.placement_id === p.id ? { ...x, sold_out: p.sold_out! } : x)) ?? null;
		const m = this.cached.menu;
		this.cached = {
			...this.cached,
			menu: { ...m, entries: patch(m.entries)!, next_entries: patch(m.next_entries) }
		};
	}

	get status() {
		return this.rt?.status ?? 'offline';
	}
}

/** Keeps the screen on while the page is visible (re-acquired when it comes back). */
export function keepAwake(): () => void {
	type Lock = { release: () => Promise<void> };
	const wl = (navigator as Navigator & { wakeLock?: { request: (t: 'screen') => Promise<Lock> } })
		.wakeLock;
	if (!wl) return () => {};
	let lock: Lock | null = null;
	const acquire = () => {
		if (document.visibilityState !== 'visible') return;
		wl.request('screen').then(
			(l) => (lock = l),
			() => {}
		);
	};
	acquire();
	document.addEventListener('visibilitychange', acquire);
	return () => {
		document.removeEventListener('visibilitychange', acquire);
		void lock?.release().catch(() => {});
	};
}
