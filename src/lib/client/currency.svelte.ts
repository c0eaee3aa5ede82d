// The currency staff screens write money in. Amounts are integer cents in a location's currency
// (ISO 4217, on GET /api/v1/locations); a screen about one location (a PO, a store's report)
// writes that location's. The catalog's costs and prices (items, vendor offers, meals) belong
// to no one location: they are written in the caller's locations' currency (the first one's
// when they differ; an install prices its catalog in one currency).
import { api } from './http';

const DEFAULT = 'PEN'; // what a location is created with

class Currencies {
	#byLocation = $state<Record<string, string>>({});
	#loading: Promise<void> | null = null;

	/** Loads the caller's locations once per page load; a failed load is retried next time. */
	load(): Promise<void> {
		this.#loading ??= api<{ id: string; currency?: string }[]>('GET', '/api/v1/locations').then(
			(ls) => {
				this.#byLocation = Object.fromEntries(ls.map((l) => [l.id, l.currency ?? DEFAULT]));
			},
			(e) => {
				this.#loading = null;
				throw e;
			}
		);
		return this.#loading;
	}

	/** The location's currency; the caller's (see above) when it is not one of theirs. */
	of(locationId?: string | null): string {
		return (locationId && this.#byLocation[locationId]) || this.shared;
	}

	get shared(): string {
		return Object.values(this.#byLocation)[0] ?? DEFAULT;
	}
}

export const currencies = new Currencies();
