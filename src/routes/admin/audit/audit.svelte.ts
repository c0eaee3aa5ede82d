// The audit screen's state: the filters, the loaded pages, and the query both the list and the
// CSV export use (so the file holds exactly what the screen filters).
import { api } from '$lib/client/http';
import { describeError } from '$lib/auth/passkey';
import type { AuditRow } from '$lib/shared/wire/audit';

/** An entry as the screen shows it (the server also sends location_id). */
export type Entry = Omit<AuditRow, 'location_id'>;
export interface Facets {
	actors: { id: string; name: string }[];
	actions: string[];
	entities: string[];
}

/** Local midnight of a yyyy-mm-dd day, as an instant; `next` gives the following midnight. */
function dayStart(day: string, next = false): string {
	const [y, m, d] = day.split('-').map(Number);
	return new Date(y, m - 1, d + (next ? 1 : 0)).toISOString();
}

export class AuditLog {
	entries = $state<Entry[]>([]);
	next = $state<string | null>(null);
	facets = $state<Facets>({ actors: [], actions: [], entities: [] });
	error = $state('');
	loading = $state(false);
	actor = $state('');
	action = $state('');
	entity = $state('');
	/** yyyy-mm-dd, the admin's own calendar days, both inclusive. */
	from = $state('');
	to = $state('');

	/** The filter as query parameters (from/to as the instants bounding the chosen days). */
	query(): URLSearchParams {
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a throwaway query string, not state
		const q = new URLSearchParams();
		if (this.actor) q.set('actor', this.actor);
		if (this.action) q.set('action', this.action);
		if (this.entity) q.set('entity', this.entity);
		if (this.from) q.set('from', dayStart(this.from));
		if (this.to) q.set('to', dayStart(this.to, true));
		return q;
	}

	csvHref(): string {
		const q = this.query();
		q.set('format', 'csv');
		return `/api/v1/admin/audit-log?${q}`;
	}

	#seq = 0;

	async load(before?: string) {
		// Filters change faster than answers come back: only the latest request's answer shows.
		const seq = ++this.#seq;
		this.loading = true;
		this.error = '';
		try {
			const q = this.query();
			q.set('limit', '25');
			if (before) q.set('before', before);
			else q.set('facets', '1');
			const page = await api<{ entries: Entry[]; next_before: string | null; facets?: Facets }>(
				'GET',
				`/api/v1/admin/audit-log?${q}`
			);
			if (seq !== this.#seq) return;
			this.entries = before ? [...this.entries, ...page.entries] : page.entries;
			this.next = page.next_before;
			if (page.facets) this.facets = page.facets;
		} catch (e) {
			if (seq !== this.#seq) return;
			this.error =
				(e as { status?: number }).status === 403
					? 'The audit log is for admins only.'
					: describeError(e);
		} finally {
			if (seq === this.#seq) this.loading = false;
		}
	}

	clear() {
		this.actor = this.action = this.entity = this.from = this.to = '';
		void this.load();
	}
}
