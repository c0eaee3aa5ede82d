// The menus screen of a location: the dayparts on a week timeline, the placements of each
// daypart in order (managers move them up and down), and the menu-health findings. Managers
// create and edit dayparts and placements here too ($lib/menus/editor.svelte.ts).
import { api } from '$lib/client/http';
import type { Daypart, Finding, FindingCode, Placement } from '$lib/shared/wire/menus';

/** What the screen calls each finding (the explanation under it says the rest). */
export const FINDING_TITLES: Record<FindingCode, string> = {
	DAYPART_TOO_FEW_ENTRIES: 'Too few dishes',
	DUPLICATE_DISH: 'Dish placed twice',
	SERVICE_GAP: 'Gap in service',
	DAYPARTS_OVERLAP: 'Dayparts overlap',
	SOLD_OUT_TOO_LONG: 'Sold out too long',
	FOOD_COST_ABOVE_TARGET: 'Food cost above target',
	FOOD_COST_OUTLIER: 'Food cost outlier',
	UNPRICED_COMPONENTS: 'Ingredients without a price',
	COST_DRIFT: 'Ingredient cost moved'
};

export interface Bar {
	daypart: Daypart;
	/** % of the day. */
	left: number;
	width: number;
	/** Runs on past midnight. */
	continues: boolean;
}

const secs = (t: string) => {
	const [h, m, s] = t.split(':').map(Number);
	return h * 3600 + m * 60 + (s || 0);
};

/** One bar per daypart running on an ISO weekday (a span past midnight is cut at 24:00). */
export function bars(dayparts: Daypart[], dow: number): Bar[] {
	return dayparts
		.filter((d) => d.days.includes(dow))
		.map((d) => {
			const s = secs(d.starts_at);
			const e = secs(d.ends_at);
			const end = e > s ? e : 86400;
			return {
				daypart: d,
				left: (s / 86400) * 100,
				width: ((end - s) / 86400) * 100,
				continues: e <= s
			};
		});
}

export class MenusScreen {
	locations = $state<{ id: string; name: string }[]>([]);
	locationId = $state('');
	dayparts = $state<Daypart[]>([]);
	placements = $state<Placement[]>([]);
	names = $state<Record<string, string>>({});
	/** What a placement can name: meals, and items with a menu price (sold as they are). */
	meals = $state<{ id: string; name: string }[]>([]);
	items = $state<{ id: string; name: string }[]>([]);
	menus = $state<{ id: string; name: string }[]>([]);
	findings = $state<Finding[] | null>(null);
	healthNote = $state('');
	error = $state('');

	async start() {
		this.locations = await api('GET', '/api/v1/locations');
		this.locationId = this.locations[0]?.id ?? '';
		type Named = { id: string; name: string; price_cents?: number | null };
		const [meals, items, menus] = await Promise.all([
			api<Named[]>('GET', '/api/v1/meals'),
			api<{ items?: Named[] } | Named[]>('GET', '/api/v1/items'),
			api<Named[]>('GET', '/api/v1/menus')
		]);
		const list = Array.isArray(items) ? items : (items.items ?? []);
		this.names = Object.fromEntries([...meals, ...list].map((x) => [x.id, x.name]));
		const named = (x: Named) => ({ id: x.id, name: x.name });
		this.meals = meals.map(named);
		this.items = list.filter((i) => i.price_cents != null).map(named);
		this.menus = menus.map(named);
		await this.load();
	}

	async load() {
		const id = this.locationId;
		if (!id) return;
		[this.dayparts, this.placements] = await Promise.all([
			api<Daypart[]>('GET', `/api/v1/locations/${id}/dayparts`),
			api<Placement[]>('GET', `/api/v1/locations/${id}/placements`)
		]);
		try {
			this.findings = (
				await api<{ findings: Finding[] }>('GET', `/api/v1/menu-health?location_id=${id}`)
			).findings;
			this.healthNote = '';
		} catch (e) {
			this.findings = null;
			this.healthNote =
				(e as { status?: number }).status === 403
					? 'Menu health is for managers of this location.'
					: (e as Error).message;
		}
	}

	nameOf(p: Placement): string {
		return this.names[p.meal_id ?? p.item_id ?? ''] ?? 'Unknown dish';
	}

	inDaypart(daypartId: string | null): Placement[] {
		return this.placements
			.filter((p) => p.daypart_id === daypartId)
			.sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
	}

	/** Swaps a placement with its neighbour in the daypart's order (two PUTs). */
	async move(p: Placement, by: -1 | 1) {
		const list = this.inDaypart(p.daypart_id);
		const i = list.findIndex((x) => x.id === p.id);
		const other = list[i + by];
		if (!other) return;
		this.error = '';
		const [a, b] =
			other.position === p.position ? [p.position + by, p.position] : [other.position, p.position];
		try {
			await api('PUT', `/api/v1/placements/${p.id}`, { position: a });
			await api('PUT', `/api/v1/placements/${other.id}`, { position: b });
		} catch (e) {
			this.error = (e as Error).message;
		}
		await this.load();
	}
}
