// State of the receiving screen: the PO, the store it goes into, and per line the packs that
// arrived (default: what is still missing) and the invoice's pack price (default: as ordered).
// The receipt's client id is made once per delivery, so a retried tap (a dropped connection)
// lands once; it is renewed after a receipt succeeds.
import { api } from '$lib/client/http';
import { Actions } from '$lib/actions.svelte';
import type { Meal, PurchaseOrder, ReceiveResult } from '$lib/shared/wire/purchasing';

interface Store {
	id: string;
	location_id: string;
	name: string;
}

export class Receiving {
	po = $state<PurchaseOrder | null>(null);
	stores = $state<Store[]>([]);
	storeId = $state('');
	invoice = $state('');
	received = $state<Record<string, number>>({});
	/** Invoice pack price per line, in dollars as typed. */
	price = $state<Record<string, number>>({});
	result = $state<ReceiveResult | null>(null);
	/** Names of the meals whose cost the last receipt moved. */
	mealNames = $state<Record<string, string>>({});
	clientId = crypto.randomUUID();
	actions = new Actions(() => this.load());

	constructor(readonly id: string) {}

	async load() {
		const po = await api<PurchaseOrder>('GET', `/api/v1/purchase-orders/${this.id}`);
		this.po = po;
		if (this.stores.length === 0) {
			this.stores = (
				await api<Store[]>('GET', `/api/v1/stores?location_id=${po.location_id}`)
			).filter((s) => s.location_id === po.location_id);
			this.storeId = this.stores[0]?.id ?? '';
		}
		this.received = Object.fromEntries(
			po.lines.map((l) => [
				l.id,
				Math.max(0, Math.round((l.quantity_packs - l.received_packs) * 100) / 100)
			])
		);
		this.price = Object.fromEntries(po.lines.map((l) => [l.id, l.unit_price_cents / 100]));
	}

	get valid() {
		const po = this.po;
		if (!po || !this.storeId) return false;
		return po.lines.every(
			(l) => this.received[l.id] >= 0 && this.price[l.id] >= 0 && Number.isFinite(this.price[l.id])
		);
	}

	async submit() {
		const po = this.po!;
		const out = await this.actions.run(
			() =>
				api<ReceiveResult>('POST', `/api/v1/purchase-orders/${this.id}/receipts`, {
					client_id: this.clientId,
					store_id: this.storeId,
					invoice_number: this.invoice,
					lines: po.lines.map((l) => ({
						line_id: l.id,
						quantity_packs: this.received[l.id],
						unit_price_cents: Math.round(this.price[l.id] * 100)
					}))
				}),
			'Received'
		);
		if (!out) return;
		this.result = out;
		if (out.cost.meals.length) {
			const meals = await api<Meal[]>('GET', '/api/v1/meals');
			this.mealNames = Object.fromEntries(meals.map((m) => [m.id, m.name]));
		}
		this.clientId = crypto.randomUUID();
		this.actions.notice = out.replayed
			? 'This delivery was already received.'
			: `Received into ${this.stores.find((s) => s.id === this.storeId)?.name ?? 'the store'}. The order is ${out.purchase_order.status.replace(/_/g, ' ')}.`;
	}
}
