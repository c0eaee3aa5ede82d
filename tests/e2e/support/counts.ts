// The count tests' view of the server: every count line of a location (the pull endpoint, all
// pages), as a device with no checkpoint would receive them.
import { expect, type BrowserContext } from '@playwright/test';
import type { CountLineDoc } from '../../../src/lib/shared/wire/sync';

export async function serverLines(
	ctx: BrowserContext,
	locationId: string
): Promise<CountLineDoc[]> {
	const out: CountLineDoc[] = [];
	let cp: { rev: number; id: string } | null = null;
	for (;;) {
		const q = new URLSearchParams({ location_id: locationId, limit: '1000' });
		if (cp) {
			q.set('rev', String(cp.rev));
			q.set('id', cp.id);
		}
		const r = await ctx.request.get(`/api/v1/sync/count_lines-v1/pull?${q}`);
		expect(r.status()).toBe(200);
		const page = await r.json();
		if (page.documents.length === 0) return out;
		out.push(...page.documents);
		cp = page.checkpoint;
	}
}
