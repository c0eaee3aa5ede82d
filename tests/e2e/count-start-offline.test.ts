// Starting a count in the walk-in with no signal (issue 12): the manager's phone builds the walk
// from what it holds, the count and its lines survive a reload offline, and on reconnect the
// count reaches the server (its own id and start time) before its lines: every line accepted,
// none rejected for "counted before the count started". If another manager opened a count of
// the store meanwhile, the phone's count joins it and its lines move there. An item found on a
// shelf but not on the walk is looked up in the device's catalog and counted all the same, offline:
// the server's count gains it. The counts are cancelled at the end (the ledger is untouched).
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { accessible } from './support/a11y';
import { serverLines } from './support/counts';
import { serviceWorkerReady } from './support/offline';
import { signInWithPasskey } from './support/users';
import type { StorePlaces } from '../../src/lib/shared/wire/inventory';

async function enter(page: Page, name: string, unit: string, quantity: number) {
	const input = page.getByLabel(`${name} (${unit})`);
	await input.fill(String(quantity));
	await input.press('Enter');
	await expect(page.getByRole('status').filter({ hasText: 'saved on this device' })).toHaveText(
		`${name}: ${quantity} ${unit} saved on this device`
	);
}

/** The manager's phone on the store's count screen, its copy synced, then without signal. */
async function offlinePhone(ctx: BrowserContext, storeName: string) {
	const page = await ctx.newPage();
	await signInWithPasskey(page, 'manager');
	const stores = (await (await ctx.request.get('/api/v1/stores')).json()) as {
		id: string;
		name: string;
		location_id: string;
	}[];
	const store = stores.find((s) => s.name === storeName)!;
	const walk = (await (
		await ctx.request.get(`/api/v1/stores/${store.id}/places`)
	).json()) as StorePlaces;
	const items = [
		...walk.places.map((p) => ({ name: p.item_name, unit: p.unit })),
		...walk.unplaced.map((u) => ({ name: u.item_name, unit: u.unit }))
	];
	expect(items.length).toBeGreaterThanOrEqual(2);
	await page.goto(`/staff/inventory/${store.id}/count`);
	await serviceWorkerReady(page);
	await expect(page.getByText('No count is open for this store.')).toBeVisible();
	await expect(page.getByTestId('sync-status')).toContainText('Synced', { timeout: 60_000 });
	await expect
		.poll(() => page.evaluate((k) => localStorage.getItem(k), `preptable.places.${store.id}`))
		.not.toBeNull();
	await ctx.setOffline(true);
	await page.reload();
	await expect(page.getByTestId('sync-status')).toContainText('Offline since');
	return { page, store, items };
}

async function openCountId(ctx: BrowserContext, locationId: string, storeId: string) {
	const r = await ctx.request.get(
		`/api/v1/sync/count_sessions-v1/pull?location_id=${locationId}&limit=5000`
	);
	const docs = (await r.json()).documents as { id: string; store_id: string; status: string }[];
	return docs.find(
		(d) => d.store_id === storeId && d.status === 'open' && !('_deleted' in d && d._deleted)
	)?.id;
}

/** Signal back: once synced, the store's open count on the server and its lines. */
async function reconnect(
	ctx: BrowserContext,
	page: Page,
	store: { id: string; location_id: string }
) {
	await ctx.setOffline(false);
	await expect(page.getByTestId('sync-status')).toContainText('Synced', { timeout: 60_000 });
	const countId = await openCountId(ctx, store.location_id, store.id);
	expect(countId).toBeDefined();
	const lines = (await serverLines(ctx, store.location_id)).filter((l) => l.session_id === countId);
	return { countId, lines };
}

test('a count started offline reaches the server before its lines, through a reload', async ({
	browser
}) => {
	test.setTimeout(240_000);
	const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const { page, store, items } = await offlinePhone(ctx, 'Bar');
	let countId: string | undefined;
	try {
		await expect(page.getByText('No signal: the count starts on this device')).toBeVisible();
		await page.getByRole('button', { name: 'Start a count' }).click();
		await expect(page.getByTestId('progress-total')).toHaveText('0% counted');
		await expect(
			page.getByRole('status').filter({ hasText: 'started on this device' })
		).toBeVisible();
		await expect(page.getByTestId('sync-status')).toContainText('1 change waiting');
		await enter(page, items[0].name, items[0].unit, 3);
		await enter(page, items[1].name, items[1].unit, 0);
		await expect(page.getByTestId('sync-status')).toContainText('3 changes waiting');

		// A reload without signal: the count and its lines are still on the device.
		await page.reload();
		await expect(page.getByTestId('sync-status')).toContainText('3 changes waiting');
		await expect(page.getByText('Counted 3')).toBeVisible();
		await accessible(page, 'count-started-offline');

		const back = await reconnect(ctx, page, store);
		countId = back.countId;
		const lines = back.lines;
		expect(lines.map((l) => [l.quantity, l.status, l.reject_reason]).sort()).toEqual([
			[0, 'accepted', null],
			[3, 'accepted', null]
		]);
		await expect(page.getByText('rejected by the server')).toHaveCount(0);
		await accessible(page, 'count-started-offline-synced');
	} finally {
		if (countId) await ctx.request.post(`/api/v1/counts/${countId}/cancel`);
		await ctx.close();
	}
});

test('a count started offline joins the count another manager opened meanwhile', async ({
	browser
}) => {
	test.setTimeout(240_000);
	const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const { page, store, items } = await offlinePhone(ctx, 'Bar');
	const office = await browser.newContext();
	let online: string | undefined;
	try {
		await page.getByRole('button', { name: 'Start a count' }).click();
		await enter(page, items[0].name, items[0].unit, 7);
		await expect(page.getByTestId('sync-status')).toContainText('2 changes waiting');

		// Meanwhile, from the office (online), another manager opens a count of the same store.
		const officePage = await office.newPage();
		await signInWithPasskey(officePage, 'manager');
		const r = await office.request.post(`/api/v1/stores/${store.id}/counts`, { data: {} });
		expect(r.status()).toBe(201);
		online = ((await r.json()) as { id: string }).id;

		await ctx.setOffline(false);
		await expect(page.getByTestId('sync-status')).toContainText('Synced', { timeout: 60_000 });
		// The phone now shows the joined count, and its line is there, accepted.
		await expect(page.getByRole('link', { name: 'Review' })).toHaveAttribute(
			'href',
			new RegExp(`count=${online}`)
		);
		const lines = (await serverLines(ctx, store.location_id)).filter(
			(l) => l.session_id === online
		);
		expect(lines.map((l) => [l.quantity, l.status])).toEqual([[7, 'accepted']]);
		expect(await openCountId(ctx, store.location_id, store.id)).toBe(online);
		await expect(page.getByText('Counted 7')).toBeVisible();
		// And says so.
		await expect(page.getByTestId('count-joined')).toHaveText(
			/^Bar was already being counted \(by .+\): the count you started offline joined it, with its lines\.$/
		);
		await accessible(page, 'count-joined');
	} finally {
		if (online) await office.request.post(`/api/v1/counts/${online}/cancel`);
		await ctx.close();
		await office.close();
	}
});

test('an item found on a shelf, not on the walk, is counted offline and joins the count', async ({
	browser
}) => {
	test.setTimeout(240_000);
	const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const { page, store, items } = await offlinePhone(ctx, 'Bar');
	const catalog = (await (await ctx.request.get('/api/v1/items')).json()) as {
		id: string;
		name: string;
		unit: string;
	}[];
	const walkNames = new Set(items.map((i) => i.name));
	const found = catalog.find(
		(c) => !walkNames.has(c.name) && catalog.filter((o) => o.name === c.name).length === 1
	)!;
	expect(found).toBeDefined();
	let countId: string | undefined;
	try {
		await page.getByRole('button', { name: 'Start a count' }).click();
		await expect(page.getByTestId('progress-total')).toHaveText('0% counted');
		const total = items.length;
		await expect(page.getByText(`(0 of ${total} items)`)).toBeVisible();

		// Not on the list: found by part of its name, in lower case, from the device's catalog.
		const find = page.getByLabel('Find an item you found on a shelf (name or SKU)');
		await find.fill(found.name.slice(0, 5).toLowerCase());
		const results = page.getByRole('list', { name: 'Items not on the list' });
		await expect(results.getByRole('button', { name: found.name })).toBeVisible();
		await accessible(page, 'count-find-results');
		await results.getByRole('button', { name: found.name }).click();
		await expect(find).toHaveValue('');
		// It joins the walk under its own heading, its quantity field focused.
		await expect(page.getByRole('heading', { name: /^Added during the count/ })).toBeVisible();
		const input = page.getByLabel(`${found.name} (${found.unit})`);
		await expect(input).toBeFocused();
		await accessible(page, 'count-found-item');
		await input.fill('2');
		await input.press('Enter');
		await expect(page.getByText(`(1 of ${total + 1} items)`)).toBeVisible();
		// An item already listed is not offered again; nor is one that matches nothing.
		await find.fill(found.name);
		await expect(results.getByRole('listitem')).toHaveText(
			`No item off the list matches “${found.name}”.`
		);
		await find.fill('');

		// Through a reload without signal, the found item is still listed, counted.
		await page.reload();
		await expect(page.getByTestId('sync-status')).toContainText('2 changes waiting');
		await expect(page.getByRole('heading', { name: /^Added during the count/ })).toBeVisible();
		await expect(page.getByText('Counted 2')).toBeVisible();

		const back = await reconnect(ctx, page, store);
		countId = back.countId;
		const lines = back.lines;
		expect(lines.map((l) => [l.quantity, l.status, l.reject_reason])).toEqual([
			[2, 'accepted', null]
		]);
		// The server's count lists it now, so the review (and every phone) does too.
		const review = await (await ctx.request.get(`/api/v1/counts/${countId}/review`)).json();
		expect(review.summary).toMatchObject({ items: total + 1, counted: 1 });
		expect(review.items.find((i: { item_id: string }) => i.item_id === found.id)).toMatchObject({
			state: 'agreed',
			line: { quantity: 2 }
		});
		await expect(page.getByText('rejected by the server')).toHaveCount(0);
	} finally {
		if (countId) await ctx.request.post(`/api/v1/counts/${countId}/cancel`);
		await ctx.close();
	}
});
