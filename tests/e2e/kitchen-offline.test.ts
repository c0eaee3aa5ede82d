// The kitchen display in a dead zone (issue 12): reloaded without signal it shows the last board
// with "offline since HH:MM — N changes waiting"; bumps made offline survive a reload and land
// once, in order, when the network returns; a bump another screen already made is reported, not
// applied twice; an order placed meanwhile arrives; the screen recovers by itself.
import { expect, test, type Page } from '@playwright/test';
import { accessible } from './support/a11y';
import { saavorOrder, saavorWebhook } from './support/saavor';
import { serviceWorkerReady } from './support/offline';
import { signInWithPasskey } from './support/users';

const sent: string[] = [];

test.afterAll(async ({ request }) => {
	// Leave the shared board as we found it: the other kitchen tests count their own tickets.
	for (const id of sent) {
		await saavorWebhook(request, {
			id: `evt-cancel-${id}`,
			type: 'order.cancelled',
			order: { id, location: 'downtown-lima', lines: [] }
		});
	}
});

const ticket = (page: Page, id: string) => page.locator(`[data-external-id="${id}"]`);
const column = (page: Page, id: string) =>
	ticket(page, id).evaluate((el) => el.closest('section')?.getAttribute('aria-label'));

test('kitchen display offline: last board after a reload, queued bumps land once on reconnect', async ({
	browser,
	request
}) => {
	// Two devices, two offline reloads and a reconnect: an explicit budget for a loaded machine.
	test.setTimeout(300_000);
	const cookCtx = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const cook = await cookCtx.newPage();
	await signInWithPasskey(cook, 'staff');
	await cook.goto('/kitchen');
	await expect(cook.getByRole('tab', { name: /Queued/ })).toBeVisible();
	await serviceWorkerReady(cook);

	const ana = await saavorOrder(request, 'Ana Offline', { prefix: 'off' });
	const beto = await saavorOrder(request, 'Beto Offline', { prefix: 'off' });
	sent.push(ana, beto);
	await expect(ticket(cook, ana)).toBeVisible();
	await expect(ticket(cook, beto)).toBeVisible();

	// Another screen on the line (the expo's tablet), online throughout.
	const expoCtx = await browser.newContext({ viewport: { width: 1024, height: 768 } });
	const expo = await expoCtx.newPage();
	await signInWithPasskey(expo, 'manager');
	const fixtures = await expo.request.get('/api/v1/locations');
	const [loc] = (await fixtures.json()) as { id: string }[];
	const orderId = async (externalId: string) =>
		ticket(cook, externalId).getAttribute('data-order-id') as Promise<string>;
	const anaId = await orderId(ana);
	const betoId = await orderId(beto);

	// The walk-in's dead zone: the board reloads from this device's cache.
	await cookCtx.setOffline(true);
	await cook.reload();
	const banner = cook.getByRole('alert').filter({ hasText: /offline since \d\d:\d\d/ });
	await expect(banner).toContainText(/offline since \d\d:\d\d — 0 changes waiting\./);
	await expect(ticket(cook, ana)).toBeVisible();
	await expect(ticket(cook, beto)).toBeVisible();
	// The 86 strip shows the last list it had, and says it cannot change it now.
	await expect(cook.getByRole('button', { name: '86 Lomo saltado' })).toBeVisible();
	await expect(cook.getByText('No connection: this is the last 86 list')).toBeVisible();
	// Said once as an alarm (the banner); the strip's line is a note.
	await expect(cook.getByRole('alert')).toHaveCount(1);
	await accessible(cook, 'kitchen-offline-reloaded');

	// Bumps offline: shown at once, queued.
	await cook.getByRole('button', { name: 'Ana Offline, Queued' }).click();
	await expect(banner).toContainText('1 change waiting');
	expect(await column(cook, ana)).toBe('Preparing');
	// On a phone one column shows at a time.
	await cook.getByRole('tab', { name: /Preparing/ }).click();
	await expect(ticket(cook, ana).getByText('Waiting to send')).toBeVisible();
	await cook.getByRole('button', { name: 'Ana Offline, Preparing' }).click();
	await expect(banner).toContainText('2 changes waiting');
	await cook.getByRole('tab', { name: /Queued/ }).click();
	await cook.getByRole('button', { name: 'Beto Offline, Queued' }).click();
	await expect(banner).toContainText('3 changes waiting');

	// Meanwhile the expo starts Beto (so the cook's bump of Beto was already made), and a new
	// order comes in.
	const r = await expo.request.post(`/api/v1/locations/${loc.id}/orders/${betoId}/transition`, {
		data: { from: 'queued', to: 'preparing' }
	});
	expect(r.status()).toBe(200);
	const caro = await saavorOrder(request, 'Caro Offline', { prefix: 'off' });
	sent.push(caro);

	// The queue survives a reload without signal.
	await cook.reload();
	await expect(banner).toContainText('3 changes waiting');
	expect(await column(cook, ana)).toBe('Ready');
	await accessible(cook, 'kitchen-offline-queued');

	// Signal back: the queue goes out in order, the board catches up by itself.
	await cookCtx.setOffline(false);
	await expect(cook.getByRole('alert').filter({ hasText: 'STALE' })).toHaveCount(0, {
		timeout: 60_000
	});
	await expect(
		cook.getByRole('status').filter({ hasText: 'Beto Offline: already done on another screen' })
	).toBeVisible({ timeout: 30_000 });
	await expect(ticket(cook, caro)).toBeVisible({ timeout: 30_000 });
	await expect(cook.getByText('Waiting to send')).toHaveCount(0);
	expect(await column(cook, ana)).toBe('Ready');
	expect(await column(cook, beto)).toBe('Preparing');
	await expect(cook.getByText('No connection: this is the last 86 list')).toHaveCount(0, {
		timeout: 30_000
	});
	// The chrome knows who is signed in again (it showed the last person while offline).
	await expect(cook.getByRole('link', { name: 'Sign in' })).toHaveCount(0);
	await accessible(cook, 'kitchen-offline-recovered');

	// The server's truth: Ana went queued → preparing → ready once each; Beto moved once.
	const snap = (await (await expo.request.get(`/api/v1/locations/${loc.id}/orders`)).json()) as {
		orders: { id: string; prep_state: string }[];
	};
	const state = (id: string) => snap.orders.find((o) => o.id === id)?.prep_state;
	expect(state(anaId)).toBe('ready');
	expect(state(betoId)).toBe('preparing');
	await cookCtx.close();
	await expoCtx.close();
});
