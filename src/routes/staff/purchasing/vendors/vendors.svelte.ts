// State of the vendors screen: every vendor with what it sells (pack, pack price, unit cost).
import { api } from '$lib/client/http';
import type { Vendor, VendorItem } from '$lib/shared/wire/purchasing';

export class Vendors {
	vendors = $state<(Vendor & { items: VendorItem[] })[]>([]);
	search = $state('');
	error = $state('');
	loaded = $state(false);

	get shown() {
		const q = this.search.trim().toLowerCase();
		if (!q) return this.vendors;
		return this.vendors
			.map((v) => ({
				...v,
				items: v.name.toLowerCase().includes(q)
					? v.items
					: v.items.filter((i) => `${i.item_name} ${i.item_sku}`.toLowerCase().includes(q))
			}))
			.filter((v) => v.items.length > 0 || v.name.toLowerCase().includes(q));
	}

	async load() {
		const vs = await api<Vendor[]>('GET', '/api/v1/vendors');
		this.vendors = await Promise.all(
			vs.map(async (v) => ({
				...v,
				items: await api<VendorItem[]>('GET', `/api/v1/vendors/${v.id}/items`)
			}))
		);
		this.loaded = true;
	}
}
