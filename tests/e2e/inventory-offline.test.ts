// A store's inventory in the walk-in (issue 12): reloaded without signal it shows the last
// levels with "offline since HH:MM — N changes waiting"; waste entered there survives a reload
// and is written once when the network is back.
import { expect, test } from '@playwright/test';
import { accessible } from './support/a11y';
import { serviceWorkerReady } from './support/offline';
import { signInWithPasskey } from './support/users';

test('store inventory offline: last levels after a reload, waste kept and sent once', async ({
	page,
	context
}) => {
	// Two offline reloads and a reconnect: an explicit budget for a loaded machine.
	test.setTimeout(240_000);
	await signInWithPasskey(page, 'staff');
	await page.goto('/staff/inventory');
	await page.getByLabel('Store').selectOption({ label: 'Walk-in cooler' });
	const row = page.getByRole('listitem', { name: 'Corvina fillet' });
	await expect(row).toBeVisible();
	await serviceWorkerReady(page);
	const level = async () => Number(await row.getByTestId('level').textContent());
	const before = await level();
	const after = Math.round((before - 1.5) * 100) / 100;

	await context.setOffline(true);
	await page.reload();
	const banner = page.getByRole('alert').filter({ hasText: /Offline since \d\d:\d\d/ });
	await expect(banner).toContainText('0 changes waiting');
	await expect(row.getByTestId('level')).toHaveText(String(before));

	await row.getByRole('button', { name: 'Waste' }).click();
	await row.getByLabel(/Quantity/).fill('1.5');
	await row.getByRole('button', { name: 'Spoiled' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'kept on this phone' })).toBeVisible();
	await expect(banner).toContainText('1 change waiting');
	await expect(row.getByTestId('level')).toHaveText(String(after));
	await accessible(page, 'inventory-offline');

	// The entry survives a reload without signal.
	await page.reload();
	await expect(banner).toContainText('1 change waiting');
	await expect(row.getByTestId('level')).toHaveText(String(after));

	await context.setOffline(false);
	await expect(banner).toHaveCount(0, { timeout: 60_000 });
	// The server's level: wasted once.
	await page.reload();
	await expect(row.getByTestId('level')).toHaveText(String(after));
	await expect(page.getByRole('alert')).toHaveCount(0);
	await accessible(page, 'inventory-offline-recovered');
});
