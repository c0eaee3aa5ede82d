// Counting in a walk-in with no signal (issue 12): a manager starts a count, goes offline,
// enters 200 lines, reloads offline, closes and reopens the tab, enters 300 more, goes online →
// exactly 500 lines of that phone on the server, each once. A second phone counts the same store
// at the same time; the review shows both counts of the shared item; approval leaves every level
// equal to a recomputation from the ledger (counted + movements after counted_at).
import { expect, test, type Page } from '@playwright/test';
import { accessible } from './support/a11y';
import { serverLines } from './support/counts';
import { shot } from './support/passkeys';
import { serviceWorkerReady } from './support/offline';
import { signInWithPasskey } from './support/users';

interface CountItem {
	item_id: string;
	name: string;
	unit: string;
	area: string;
}
/** Enters one count on the count screen and waits until it is in IndexedDB. */
async function enter(page: Page, item: CountItem, quantity: number) {
	const input = page.getByLabel(`${item.name} (${item.unit})`);
	await input.fill(String(quantity));
	await input.press('Enter');
	await expect(page.getByRole('status').filter({ hasText: 'saved on this device' })).toHaveText(
		`${item.name}: ${quantity} ${item.unit} saved on this device`
	);
	await expect(input).toHaveValue('');
}

test('offline count: 500 lines through a reload and a closed tab, two phones, review, approval', async ({
	browser
}) => {
	// 500 entries on the count screen, two phones, reloads and axe passes on a loaded machine.
	test.setTimeout(900_000);
	const phoneA = await browser.newContext();
	let page = await phoneA.newPage();
	await signInWithPasskey(page, 'manager');
	const stores = await (await phoneA.request.get('/api/v1/stores')).json();
	const store = stores.find((s: { name: string }) => s.name === 'Walk-in cooler');
	const countUrl = `/staff/inventory/${store.id}/count`;
	// The levels before the count: put back at the end, so the dishes of the tests after this one
	// are still in stock (the live menu sells out what the stock cannot cover).
	const levelsBefore = (
		(await (await phoneA.request.get(`/api/v1/stores/${store.id}/inventory`)).json()) as {
			items: { item_id: string; quantity: number }[];
		}
	).items;

	await page.goto(countUrl);
	await serviceWorkerReady(page);
	await page.getByRole('button', { name: 'Start a count' }).click();
	await expect(page.getByTestId('progress-total')).toHaveText('0% counted');
	await expect(page.getByTestId('sync-status')).toContainText('Synced');
	await accessible(page, 'count-start');
	const started = await phoneA.request.get(
		`/api/v1/sync/count_sessions-v1/pull?location_id=${store.location_id}&limit=1000`
	);
	const count = (await started.json()).documents.find(
		(d: { store_id: string; status: string }) => d.store_id === store.id && d.status === 'open'
	);
	const items: CountItem[] = count.items;
	expect(items.length).toBeGreaterThanOrEqual(6);
	const shared = items.find((i) => i.name === 'Chicken thigh, boneless')!;

	// The second phone (a staff member) counts the same store at the same time, online.
	const phoneB = await browser.newContext();
	const pageB = await phoneB.newPage();
	await signInWithPasskey(pageB, 'staff');
	await pageB.goto(countUrl);
	await expect(pageB.getByTestId('progress-total')).toBeVisible();

	// Offline in the walk-in.
	await phoneA.setOffline(true);
	await expect(page.getByTestId('sync-status')).toContainText('Offline since');
	// 200 lines: every item in walk order, again and again (a recount replaces one's own).
	let n = 0;
	const qtyFor = (k: number) => (k % 17 === 0 ? 0 : (k % 9) + 0.5);
	const enterMany = async (how: number) => {
		for (let k = 0; k < how; k++, n++) await enter(page, items[n % items.length], qtyFor(n));
	};
	await enterMany(200);
	await expect(page.getByTestId('sync-status')).toContainText('200 changes waiting');
	await accessible(page, 'count-offline');

	// Phone B meanwhile: the shared item with another value, and a waste after its count.
	await enter(pageB, shared, 41);
	await expect(pageB.getByTestId('sync-status')).toContainText('Synced', { timeout: 60_000 });

	// Reload without signal: the screen and the 200 waiting lines come back from IndexedDB.
	await page.reload();
	await expect(page.getByTestId('progress-total')).toHaveText('100% counted');
	await expect(page.getByTestId('sync-status')).toContainText('200 changes waiting');
	await expect(page.getByTestId('sync-status')).toContainText('Offline since');

	// Close the tab; open a new one, still offline.
	await page.close();
	page = await phoneA.newPage();
	await page.goto(countUrl);
	await expect(page.getByTestId('sync-status')).toContainText('200 changes waiting');
	await enterMany(300);
	await expect(page.getByTestId('sync-status')).toContainText('500 changes waiting');
	const lastShared = (() => {
		let q = 0;
		for (let k = 0; k < 500; k++) if (items[k % items.length] === shared) q = qtyFor(k);
		return q;
	})();

	// Signal again: everything goes up, once.
	await phoneA.setOffline(false);
	await expect(page.getByTestId('sync-status')).toContainText('Synced', { timeout: 120_000 });
	await shot(page, 'count-synced');
	const lines = (await serverLines(phoneA, store.location_id)).filter(
		(l) => l.session_id === count.id && !l._deleted
	);
	const devices = [...new Set(lines.map((l) => l.device_id))];
	expect(devices).toHaveLength(2);
	const mine = lines.filter((l) => l.item_id !== shared.item_id || l.quantity !== 41);
	const byDevice = new Map(devices.map((d) => [d, lines.filter((l) => l.device_id === d)]));
	const counts = [...byDevice.values()].map((l) => l.length).sort((a, b) => a - b);
	expect(counts).toEqual([1, 500]);
	expect(new Set(mine.map((l) => l.id)).size).toBe(500);
	expect(lines.every((l) => l.status === 'accepted')).toBe(true);

	// A movement after the counts: phone B wastes 1 lb of the shared item.
	const waste = await phoneB.request.post(`/api/v1/items/${shared.item_id}/waste`, {
		data: { store_id: store.id, quantity: 1, waste_reason: 'spoiled' }
	});
	expect(waste.status()).toBe(201);

	// Review: both counts of the shared item; choose phone A's.
	await page.goto(`${countUrl}/review?count=${count.id}`);
	const sharedCard = page.getByRole('listitem', { name: shared.name });
	await expect(sharedCard.getByTestId('candidate')).toHaveCount(2);
	await expect(sharedCard).toContainText('41');
	await expect(sharedCard).toContainText(String(lastShared));
	await accessible(page, 'count-review');
	const review = await (await phoneA.request.get(`/api/v1/counts/${count.id}/review`)).json();
	const mineCandidate = review.items
		.find((i: { item_id: string }) => i.item_id === shared.item_id)
		.candidates.find((c: { quantity: number }) => c.quantity === lastShared);
	await sharedCard.getByRole('radio', { name: new RegExp(`: ${lastShared} \\(`) }).check();
	await page.getByRole('button', { name: 'Approve count' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Approved' })).toBeVisible();
	await shot(page, 'count-approved');

	// Levels equal a recomputation: counted + Σ movements after counted_at (not the correction).
	const inv = await (await phoneA.request.get(`/api/v1/stores/${store.id}/inventory`)).json();
	const level = new Map(
		inv.items.map((i: { item_id: string; quantity: number }) => [i.item_id, i.quantity])
	);
	for (const it of review.items as {
		item_id: string;
		state: string;
		line: { quantity: number; counted_at: string } | null;
	}[]) {
		if (it.state === 'not_counted') continue;
		const chosen = it.item_id === shared.item_id ? mineCandidate : it.line;
		const mv = await (
			await phoneA.request.get(
				`/api/v1/stores/${store.id}/movements?item_id=${it.item_id}&limit=500`
			)
		).json();
		const after = mv.movements
			.filter(
				(m: { created_at: string; reason: string }) =>
					Date.parse(m.created_at) > Date.parse(chosen.counted_at) &&
					m.reason !== 'count_correction'
			)
			.reduce((s: number, m: { delta: number }) => s + m.delta, 0);
		expect(level.get(it.item_id), it.item_id).toBeCloseTo(chosen.quantity + after, 4);
	}
	// The shared item: phone A's count, minus the waste after it.
	expect(level.get(shared.item_id)).toBeCloseTo(lastShared - 1, 4);

	for (const it of levelsBefore) {
		const r = await phoneA.request.put(`/api/v1/stores/${store.id}/items/${it.item_id}`, {
			data: { quantity: it.quantity, reason: 'count_correction' }
		});
		expect(r.status(), it.item_id).toBe(200);
	}
	await phoneA.close();
	await phoneB.close();
});
