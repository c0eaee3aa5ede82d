// The one-tap 86 of the kitchen display and the staff floor: the live menu of a location with
// a sold-out toggle per dish (PUT /api/v1/placements/{id} {sold_out}, which staff may do).
// The tap shows at once; a failure puts the dish back and says why.
import { api, NETWORK_ERROR } from '$lib/client/http';
import type { CurrentMenu, LiveEntry } from '$lib/shared/wire/menus';

export class EightySix {
	entries = $state<LiveEntry[]>([]);
	error = $state('');
	busy = $state<string | null>(null);
	private timer: ReturnType<typeof setInterval> | undefined;
	private readonly online = () => void this.load();
	private retry: ReturnType<typeof setTimeout> | undefined;
	// The last list this device saw, shown without signal (a 86 itself needs the network).
	private get key() {
		return `preptable:86:${this.location()}`;
	}

	constructor(private location: () => string) {}

	start() {
		const saved = localStorage.getItem(this.key);
		if (saved) this.entries = JSON.parse(saved) as LiveEntry[];
		addEventListener('online', this.online);
		void this.load();
		// Others 86 too (another cook, a manager): a slow refresh keeps the strip honest.
		this.timer = setInterval(() => void this.load(), 30_000);
	}

	stop() {
		clearInterval(this.timer);
		this.timer = undefined;
		clearTimeout(this.retry);
		removeEventListener('online', this.online);
	}

	async load() {
		try {
			const m = await api<CurrentMenu>('GET', `/api/v1/locations/${this.location()}/menu/current`);
			if (!this.busy) this.entries = m.entries;
			localStorage.setItem(this.key, JSON.stringify(m.entries));
			this.error = '';
		} catch (e) {
			this.error = offline(e)
				? 'No connection: this is the last 86 list; it updates when the network is back.'
				: (e as Error).message;
			// The `online` event can come a moment before requests get through: try again soon.
			clearTimeout(this.retry);
			if (offline(e) && this.timer !== undefined)
				this.retry = setTimeout(() => void this.load(), 5000);
		}
	}

	async toggle(e: LiveEntry) {
		const next = !e.sold_out;
		this.busy = e.placement_id;
		this.error = '';
		this.entries = this.entries.map((x) =>
			x.placement_id === e.placement_id ? { ...x, sold_out: next } : x
		);
		try {
			await api('PUT', `/api/v1/placements/${e.placement_id}`, { sold_out: next });
		} catch (err) {
			this.entries = this.entries.map((x) =>
				x.placement_id === e.placement_id ? { ...x, sold_out: !next } : x
			);
			this.error = `${e.name}: ${offline(err) ? 'not changed, no connection (try again when the network is back)' : (err as Error).message}`;
		} finally {
			this.busy = null;
		}
	}
}

const offline = (e: unknown) => (e as { code?: string }).code === NETWORK_ERROR;
