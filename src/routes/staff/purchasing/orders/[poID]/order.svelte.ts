// State of one purchase order's screen: the PO, and for a draft the packs typed per line.
import { api } from '$lib/client/http';
import { Actions } from '$lib/actions.svelte';
import { transitionsFrom, type PoStatus } from '$lib/shared/po-status';
import type { PurchaseOrder } from '$lib/shared/wire/purchasing';

export class OrderEditor {
	po = $state<PurchaseOrder | null>(null);
	/** Packs per line id, as typed (drafts only). */
	packs = $state<Record<string, number>>({});
	removed = $state<string[]>([]);
	actions = new Actions(() => this.load());

	constructor(readonly id: string) {}

	get isDraft() {
		return this.po?.status === 'draft';
	}
	get next(): readonly PoStatus[] {
		return this.po ? transitionsFrom(this.po.status) : [];
	}
	get dirty() {
		const po = this.po;
		if (!po || po.status !== 'draft') return false;
		return this.removed.length > 0 || po.lines.some((l) => this.packs[l.id] !== l.quantity_packs);
	}
	get valid() {
		return (this.po?.lines ?? [])
			.filter((l) => !this.removed.includes(l.id))
			.every((l) => this.packs[l.id] > 0);
	}

	async load() {
		const po = await api<PurchaseOrder>('GET', `/api/v1/purchase-orders/${this.id}`);
		this.po = po;
		this.packs = Object.fromEntries(po.lines.map((l) => [l.id, l.quantity_packs]));
		this.removed = [];
	}

	private linesBody() {
		return this.po!.lines.filter((l) => !this.removed.includes(l.id)).map((l) => ({
			item_id: l.item_id,
			quantity_packs: this.packs[l.id],
			unit_price_cents: l.unit_price_cents
		}));
	}

	save() {
		return this.actions.run(
			() => api('PUT', `/api/v1/purchase-orders/${this.id}`, { lines: this.linesBody() }),
			'Saved'
		);
	}

	async submit() {
		return this.actions.run(async () => {
			if (this.dirty) {
				await api('PUT', `/api/v1/purchase-orders/${this.id}`, { lines: this.linesBody() });
			}
			return api('POST', `/api/v1/purchase-orders/${this.id}/status`, { status: 'submitted' });
		}, 'Submitted to the vendor');
	}

	move(status: PoStatus, done: string) {
		return this.actions.run(
			() => api('POST', `/api/v1/purchase-orders/${this.id}/status`, { status }),
			done
		);
	}

	remove() {
		return this.actions.run(() => api('DELETE', `/api/v1/purchase-orders/${this.id}`), 'Deleted');
	}
}
