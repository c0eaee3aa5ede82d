import { expect, test } from '@playwright/test';

test('installable app shell that opens deep links offline', async ({ page, context }) => {
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'PrepTable' })).toBeVisible();
	await page.screenshot({ path: 'tests/screenshots/home.png' });

	const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href');
	const manifest = await (await page.request.get(manifestHref!)).json();
	expect(manifest.name).toBe('PrepTable');
	expect(manifest.icons.some((i: { purpose: string }) => i.purpose === 'maskable')).toBe(true);

	// Wait until the service worker is installed and controls the page.
	await page.evaluate(async () => {
		const reg = await navigator.serviceWorker.ready;
		if (!navigator.serviceWorker.controller) {
			await new Promise((r) =>
				navigator.serviceWorker.addEventListener('controllerchange', r, { once: true })
			);
		}
		return reg.active?.state;
	});

	await context.setOffline(true);
	// A deep link never visited: the precached shell boots the client router.
	await page.goto('/some/deep/link/never-visited');
	await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
	await page.screenshot({ path: 'tests/screenshots/offline-deep-link.png' });
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'PrepTable' })).toBeVisible();
	await context.setOffline(false);
	expect(errors).toEqual([]);
});
