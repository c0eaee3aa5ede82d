import { expect, test, type Page } from '@playwright/test';
import { accessible } from './support/a11y';
import { saavorOrder } from './support/saavor';
import { clearBoard } from './support/kitchen';
import { e2eFixtures, signInWithPasskey } from './support/users';

async function shown(page: Page): Promise<string[]> {
	return page
		.locator('[data-external-id]')
		.evaluateAll((els) => els.map((e) => e.getAttribute('data-external-id') ?? '').filter(Boolean));
}

test('kitchen display: live tickets, STALE when cut off, catch-up with every order exactly once', async ({
	browser,
	request
}) => {
	// Cuts the network and waits for STALE and the catch-up: budgeted for a loaded CI machine.
	test.setTimeout(300_000);
	const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const page = await ctx.newPage();
	await signInWithPasskey(page, 'staff');
	// It counts tickets: start from a clear board (earlier tests leave diners' orders on it).
	await clearBoard(page.request, e2eFixtures().locationId);
	await page.goto('/kitchen');
	await expect(page.getByRole('tab', { name: /Queued/ })).toBeVisible();
	await expect(page.getByRole('alert').filter({ hasText: 'STALE' })).toHaveCount(0);

	const sent: string[] = [];
	sent.push(await saavorOrder(request, 'Ana'), await saavorOrder(request, 'Beto'));
	await expect(page.locator('[data-external-id]')).toHaveCount(2);
	await accessible(page, 'kitchen');

	// Tap to advance: Ana's ticket goes to Preparing; recall brings it back, tap again.
	await page.getByRole('button', { name: 'Ana, Queued' }).click();
	await expect(page.getByRole('tab', { name: /Preparing 1/ })).toBeVisible();
	await page.getByRole('button', { name: 'Recall last' }).click();
	await expect(page.getByRole('tab', { name: /Queued 2/ })).toBeVisible();
	await page.getByRole('button', { name: 'Ana, Queued' }).click();
	await expect(page.getByRole('tab', { name: /Preparing 1/ })).toBeVisible();
	// The undo outlives a reload of the screen (a cook reloading a frozen tab keeps it).
	await page.reload();
	await expect(page.locator('[data-external-id]')).toHaveCount(2);
	await page.getByRole('button', { name: 'Recall last' }).click();
	await expect(page.getByRole('tab', { name: /Queued 2/ })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Recall last' })).toBeDisabled();
	await page.getByRole('button', { name: 'Ana, Queued' }).click();
	await expect(page.getByRole('tab', { name: /Preparing 1/ })).toBeVisible();

	// Cut off: the screen says so within 10 s; orders keep arriving meanwhile.
	await ctx.setOffline(true);
	await expect(page.getByRole('alert').filter({ hasText: 'STALE' })).toBeVisible({
		timeout: 10_000
	});
	await accessible(page, 'kitchen-stale');
	for (const who of ['Caro', 'Dani', 'Eli']) sent.push(await saavorOrder(request, who));

	// Back online: every order is there exactly once, and the banner clears.
	await ctx.setOffline(false);
	await expect(page.locator('[data-external-id]')).toHaveCount(5, { timeout: 20_000 });
	await expect(page.getByRole('alert').filter({ hasText: 'STALE' })).toHaveCount(0, {
		timeout: 15_000
	});
	let ids = await shown(page);
	expect(new Set(ids).size).toBe(ids.length);
	expect(ids.sort()).toEqual([...sent].sort());

	// The server closes streams every 7 s here (SSE_MAX_AGE_MS): across such a close, orders
	// still arrive once.
	await page.waitForTimeout(8000);
	sent.push(await saavorOrder(request, 'Fer'));
	await expect(page.locator('[data-external-id]')).toHaveCount(6);
	ids = await shown(page);
	expect(new Set(ids).size).toBe(6);
	await expect(page.getByRole('tab', { name: /Preparing 1/ })).toBeVisible();

	// A tablet can be pointed at one location by URL: same board, same tickets.
	const locations = (await (await page.request.get('/api/v1/locations')).json()) as {
		id: string;
	}[];
	await page.goto(`/kitchen/${locations[0].id}`);
	await expect(page.locator('[data-external-id]')).toHaveCount(6);
	await expect(page.getByRole('alert')).toHaveCount(0);
	await ctx.close();
});
