// Before a test takes a page offline: the service worker must be installed and controlling it,
// or a reload without signal has no app shell to boot from.
import type { Page } from '@playwright/test';

export async function serviceWorkerReady(page: Page) {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
		if (!navigator.serviceWorker.controller) {
			await new Promise<void>((r) =>
				navigator.serviceWorker.addEventListener('controllerchange', () => r(), { once: true })
			);
		}
	});
}
