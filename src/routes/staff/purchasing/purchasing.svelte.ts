// State of the purchasing hub: the campus picked, its low-stock list and its purchase orders,
// and the one-tap "draft from low stock".
import { api } from '$lib/client/http';
import { Actions } from '$lib/actions.svelte';
import type { FromLowStock, LowStockRow, PurchaseOrder } from '$lib/shared/wire/purchasing';

export interface Campus {
	id: string;
	name: string;
}

export class Purchasing {
	campuses = $state<Campus[]>([]);
	locationId = $state('');
	low = $state<LowStockRow[]>([]);
	orders = $state<PurchaseOrder[]>([]);
	/** Low items the last draft could not order: no preferred vendor. */
	unassigned = $state<LowStockRow[]>([]);
	loaded = $state(false);
	actions = new Actions(() => this.refresh());

	async load() {
		this.campuses = await api<Campus[]>('GET', '/api/v1/locations');
		this.locationId = this.campuses[0]?.id ?? '';
		await this.refresh();
		this.loaded = true;
	}

	async refresh() {
		if (!this.locationId) return;
		const q = `location_id=${this.locationId}`;
		const [low, orders] = await Promise.all([
			api<{ low_stock: LowStockRow[] }>('GET', `/api/v1/items/low?${q}`),
			api<PurchaseOrder[]>('GET', `/api/v1/purchase-orders?${q}`)
		]);
		this.low = low.low_stock;
		this.orders = orders;
	}

	pick(id: string) {
		this.locationId = id;
		this.unassigned = [];
		void this.refresh();
	}

	/** Drafts POs from the low-stock list; the single draft's id when there is exactly one. */
	async draftFromLowStock(): Promise<string | undefined> {
		const out = await this.actions.run(
			() =>
				api<FromLowStock>('POST', '/api/v1/purchase-orders/from-low-stock', {
					location_id: this.locationId
				}),
			'Drafted'
		);
		if (!out) return;
		this.unassigned = out.without_preferred_vendor;
		const n = out.purchase_orders.length;
		this.actions.notice =
			n === 0
				? 'Nothing to order: no low item has a preferred vendor.'
				: `Drafted ${n} purchase order${n === 1 ? '' : 's'} from low stock.`;
		return n === 1 ? out.purchase_orders[0].id : undefined;
	}
}
