// The staff floor without signal (issue 12): reloaded offline it shows the last floor with
// "offline since HH:MM", says plainly that approving needs the network, and when the signal
// comes back it catches up by itself (a request made meanwhile appears without a tap).
import { expect, test } from '@playwright/test';
import { accessible } from './support/a11y';
import { serviceWorkerReady } from './support/offline';
import { signInWithPasskey } from './support/users';

test('staff floor offline: last floor after a reload, catches up by itself', async ({
	browser
}) => {
	// Two devices, an offline reload and a reconnect: an explicit budget for a loaded machine.
	test.setTimeout(240_000);
	const staffCtx = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const staff = await staffCtx.newPage();
	await signInWithPasskey(staff, 'staff');
	await staff.goto('/staff/tables');
	await expect(staff.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
	await serviceWorkerReady(staff);
	const tile = staff.getByRole('button', { name: /^Table 12: / });
	await expect(tile).toBeVisible();

	await staffCtx.setOffline(true);
	await staff.reload();
	const banner = staff.getByRole('alert').filter({ hasText: /Offline since \d\d:\d\d/ });
	// The floor queues nothing offline, so the banner counts nothing.
	await expect(banner).toContainText('Approving and ending need the network');
	await expect(banner).not.toContainText('waiting');
	// Said once: no "Reconnecting…" beside the banner.
	await expect(staff.getByText('Reconnecting…')).toHaveCount(0);
	await expect(tile).toBeVisible();
	await expect(staff.getByRole('heading', { name: /^Requests/ })).toBeVisible();
	await accessible(staff, 'floor-offline-reloaded');

	// A guest asks for table 12 while the floor has no signal.
	const dinerCtx = await browser.newContext({
		viewport: { width: 390, height: 844 },
		locale: 'es-PE'
	});
	const diner = await dinerCtx.newPage();
	await diner.goto('/downtown-lima/downtown-lima-12');
	await diner.getByLabel('Tu nombre').fill('Rosa');
	await diner.getByRole('button', { name: 'Solicitar acceso' }).click();
	await expect(diner.getByRole('heading', { name: 'Esperando aprobación' })).toBeVisible();

	// Signal back: the banner goes and the request shows up with no tap.
	await staffCtx.setOffline(false);
	await expect(banner).toHaveCount(0, { timeout: 60_000 });
	const req = staff.getByRole('article', { name: 'Table 12: Rosa' });
	await expect(req).toBeVisible({ timeout: 30_000 });
	await accessible(staff, 'floor-offline-recovered');
	// Leave the floor as we found it.
	await req.getByRole('button', { name: 'Reject' }).click();
	await expect(req).toHaveCount(0);
	await staffCtx.close();
	await dinerCtx.close();
});
