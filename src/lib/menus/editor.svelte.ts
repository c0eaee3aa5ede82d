// The daypart and placement editors of /staff/menus (managers of the location): one draft at a
// time, saved through the menus API, errors in plain words. The screen's lists are reloaded
// after every write so they always show what the server holds.
import { api, HttpError } from '$lib/client/http';
import type { Daypart, Placement } from '$lib/shared/wire/menus';

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

export interface DaypartDraft {
	id: string | null;
	name: string;
	/** ISO weekdays 1 (Mon) … 7 (Sun). */
	days: number[];
	/** HH:MM (what <input type="time"> holds). */
	starts_at: string;
	ends_at: string;
}

export interface PlacementDraft {
	id: string | null;
	/** `meal:<id>` or `item:<id>`; fixed once placed (remove and add another to change it). */
	dish: string;
	menu_id: string;
	/** '' = all day. */
	daypart_id: string;
	sold_out: boolean;
}

/** What went wrong, in words a manager can act on. */
export function explain(e: unknown, what: string): string {
	if (e instanceof HttpError) {
		if (e.status === 0) return `No connection: the ${what} was not saved. Try again when online.`;
		if (e.status === 401) return 'You were signed out. Sign in again, then save.';
		if (e.status === 403) return `Only a manager of this location can change the ${what}.`;
		if (e.status === 404) return `This ${what} no longer exists (someone removed it).`;
		if (e.status === 400) return `Check the form: ${e.message}.`;
		return e.message;
	}
	return (e as Error)?.message || `The ${what} was not saved.`;
}

/** Client-side checks before a daypart is sent (the server checks the same again). */
export function daypartProblem(d: DaypartDraft): string {
	if (!d.name.trim()) return 'Give the daypart a name (for example “Lunch”).';
	if (d.days.length === 0) return 'Pick at least one day of the week.';
	if (!/^\d{2}:\d{2}$/.test(d.starts_at) || !/^\d{2}:\d{2}$/.test(d.ends_at)) {
		return 'Enter a start and an end time.';
	}
	if (d.starts_at === d.ends_at) return 'The start and the end are the same time.';
	return '';
}

export class MenuEditor {
	daypart = $state<DaypartDraft | null>(null);
	placement = $state<PlacementDraft | null>(null);
	daypartError = $state('');
	placementError = $state('');
	busy = $state(false);

	constructor(
		private locationId: () => string,
		private reload: () => Promise<void>
	) {}

	newDaypart() {
		this.daypartError = '';
		this.daypart = { id: null, name: '', days: [1, 2, 3, 4, 5], starts_at: '', ends_at: '' };
	}

	editDaypart(d: Daypart) {
		this.daypartError = '';
		this.daypart = {
			id: d.id,
			name: d.name,
			days: [...d.days],
			starts_at: d.starts_at.slice(0, 5),
			ends_at: d.ends_at.slice(0, 5)
		};
	}

	toggleDay(day: number, on: boolean) {
		if (!this.daypart) return;
		const days = this.daypart.days.filter((d) => d !== day);
		this.daypart.days = on ? [...days, day].sort((a, b) => a - b) : days;
	}

	/** True when saved. */
	async saveDaypart(): Promise<boolean> {
		const d = this.daypart;
		if (!d) return false;
		this.daypartError = daypartProblem(d);
		if (this.daypartError) return false;
		const body = { name: d.name.trim(), days: d.days, starts_at: d.starts_at, ends_at: d.ends_at };
		return this.write('daypart', async () => {
			if (d.id) await api('PUT', `/api/v1/dayparts/${d.id}`, body);
			else await api('POST', `/api/v1/locations/${this.locationId()}/dayparts`, body);
			this.daypart = null;
		});
	}

	async deleteDaypart(): Promise<boolean> {
		const d = this.daypart;
		if (!d?.id) return false;
		return this.write('daypart', async () => {
			await api('DELETE', `/api/v1/dayparts/${d.id}`);
			this.daypart = null;
		});
	}

	newPlacement(defaults: { menu_id: string; daypart_id: string }) {
		this.placementError = '';
		this.placement = { id: null, dish: '', sold_out: false, ...defaults };
	}

	editPlacement(p: Placement) {
		this.placementError = '';
		this.placement = {
			id: p.id,
			dish: p.meal_id ? `meal:${p.meal_id}` : `item:${p.item_id}`,
			menu_id: p.menu_id,
			daypart_id: p.daypart_id ?? '',
			sold_out: p.sold_out
		};
	}

	async savePlacement(): Promise<boolean> {
		const p = this.placement;
		if (!p) return false;
		if (!p.dish) this.placementError = 'Pick the dish to place.';
		else if (!p.menu_id) this.placementError = 'Pick the menu it belongs to.';
		else this.placementError = '';
		if (this.placementError) return false;
		const common = {
			menu_id: p.menu_id,
			daypart_id: p.daypart_id || null,
			sold_out: p.sold_out
		};
		return this.write('placement', async () => {
			if (p.id) await api('PUT', `/api/v1/placements/${p.id}`, common);
			else {
				const [kind, id] = p.dish.split(':');
				await api('POST', `/api/v1/locations/${this.locationId()}/placements`, {
					...common,
					[kind === 'meal' ? 'meal_id' : 'item_id']: id
				});
			}
			this.placement = null;
		});
	}

	async deletePlacement(): Promise<boolean> {
		const p = this.placement;
		if (!p?.id) return false;
		return this.write('placement', async () => {
			await api('DELETE', `/api/v1/placements/${p.id}`);
			this.placement = null;
		});
	}

	private async write(what: 'daypart' | 'placement', fn: () => Promise<void>) {
		this.busy = true;
		try {
			await fn();
			await this.reload();
			return true;
		} catch (e) {
			const msg = explain(e, what);
			if (what === 'daypart') this.daypartError = msg;
			else this.placementError = msg;
			return false;
		} finally {
			this.busy = false;
		}
	}
}
