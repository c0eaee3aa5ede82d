// The one-tap 86 of the kitchen display and the staff floor: the live menu of a location with
// a sold-out toggle per dish (PUT /api/v1/placements/{id} {sold_out}, which staff may do).
// The tap shows at once; a failure puts the dish back and says why.
import { api } from '$lib/client/http';
import type { CurrentMenu, LiveEntry } from '$lib/shared/wire/menus';

export class EightySix {
	entries = $state<LiveEntry[]>([]);
	error = $state('');
	busy = $state<string | null>(null);
	private timer: ReturnType<typeof setInterval> | undefined;

	constructor(private location: () => string) {}

	start() {
		void this.load();
		// Others 86 too (another cook, a manager): a slow refresh keeps the strip honest.
		this.timer = setInterval(() => void this.load(), 30_000);
	}

	stop() {
		clearInterval(this.timer);
	}

	async load() {
		try {
			const m = await api<CurrentMenu>('GET', `/api/v1/locations/${this.location()}/menu/current`);
			if (!this.busy) this.entries = m.entries;
		} catch (e) {
			this.error = (e as Error).message;
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
			this.error = `${e.name}: ${(err as Error).message}`;
		} finally {
			this.busy = null;
		}
	}
}
