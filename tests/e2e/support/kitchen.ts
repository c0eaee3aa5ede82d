// The kitchen board as a shift starts: empty. Other tests leave table orders on it (a diner's
// order stays until the line hands it off), so a test that counts tickets clears it first, the
// way a line does: every ticket cooked through and handed off.
import { expect, type APIRequestContext } from '@playwright/test';

export async function clearBoard(request: APIRequestContext, locationId: string) {
	const base = `/api/v1/locations/${locationId}/orders`;
	const { orders } = (await (await request.get(base)).json()) as {
		orders: { id: string; prep_state: string; served_at: string | null }[];
	};
	for (const o of orders) {
		if (o.served_at) continue;
		for (const to of ['preparing', 'ready'].slice(o.prep_state === 'queued' ? 0 : 1)) {
			if (o.prep_state === 'ready') break;
			const r = await request.post(`${base}/${o.id}/transition`, { data: { to } });
			expect(r.status(), `${o.id} → ${to}`).toBe(200);
		}
		const r = await request.post(`${base}/${o.id}/serve`, { data: { served: true } });
		expect(r.status(), `${o.id} handed off`).toBe(200);
	}
}
