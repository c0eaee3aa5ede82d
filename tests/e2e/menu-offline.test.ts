// The 86 strip without signal (issue 12, the live_menus collection): the staff floor reloaded
// offline shows the live menu from the device's copy in IndexedDB, says a tap needs the
// network, and when the signal comes back catches up by itself with an 86 another screen made
// meanwhile; an 86 made online reaches it through the menu channel's poke.
import { expect, test, type Page } from '@playwright/test';
import { accessible } from './support/a11y';
import { call } from './support/call';
import { serviceWorkerReady } from './support/offline';
import { signInWithPasskey } from './support/users';
import type { CurrentMenu } from '../../src/lib/shared/wire/menus';

const DISH = 'Chicha morada (1 L)';

/** Rows in the IndexedDB stores of the live_menus collection (RxDB keeps one database each). */
function copies(page: Page) {
	return page.evaluate(async () => {
		let n = 0;
		for (const { name } of await indexedDB.databases()) {
			if (!name?.includes('live_menus')) continue;
			const db = await new Promise<IDBDatabase>((ok, fail) => {
				const r = indexedDB.open(name);
				r.onsuccess = () => ok(r.result);
				r.onerror = () => fail(r.error);
			});
			for (const store of db.objectStoreNames) {
				n += await new Promise<number>((ok) => {
					const c = db.transaction(store).objectStore(store).count();
					c.onsuccess = () => ok(c.result);
					c.onerror = () => ok(0);
				});
			}
			db.close();
		}
		return n;
	});
}

test('86 strip offline: the last live menu after a reload, catches up by itself', async ({
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
	const dish = staff.getByRole('button', { name: `86 ${DISH}` });
	await expect(dish).toHaveAttribute('aria-pressed', 'false');
	// The strip reads the device's copy: wait until the first pull has written it to IndexedDB.
	await expect.poll(() => copies(staff), { timeout: 30_000 }).toBeGreaterThan(0);

	const managerCtx = await browser.newContext();
	const manager = await managerCtx.newPage();
	await signInWithPasskey(manager, 'manager');
	const [loc] = await call<{ id: string }[]>(manager, 'GET', '/api/v1/locations');
	const menu = await call<CurrentMenu>(manager, 'GET', `/api/v1/locations/${loc.id}/menu/current`);
	const placement = menu.entries.find((e) => e.name === DISH)!.placement_id;
	const set86 = (sold_out: boolean) =>
		call(manager, 'PUT', `/api/v1/placements/${placement}`, { sold_out });

	try {
		// The walk-in's dead zone: the strip reloads from the copy and says it cannot change it.
		await staffCtx.setOffline(true);
		await staff.reload();
		await expect(dish).toHaveAttribute('aria-pressed', 'false');
		await expect(staff.getByRole('button', { name: '86 Lomo saltado' })).toBeVisible();
		const noSignal = staff.getByText('No connection: this is the last 86 list');
		await expect(noSignal).toBeVisible();
		await dish.click();
		await expect(
			staff.getByRole('alert').filter({ hasText: `${DISH}: not changed, no connection` })
		).toBeVisible();
		await expect(dish).toHaveAttribute('aria-pressed', 'false');
		await accessible(staff, 'floor-86-offline');

		// The bar runs out meanwhile; the manager 86s it from the office.
		await set86(true);
		await expect(dish).toHaveAttribute('aria-pressed', 'false');

		// Signal back: the 86 arrives with no tap, and the strip says nothing about the network.
		await staffCtx.setOffline(false);
		await expect(dish).toHaveAttribute('aria-pressed', 'true', { timeout: 45_000 });
		await expect(noSignal).toHaveCount(0, { timeout: 30_000 });
		await expect(staff.getByText('not changed, no connection')).toHaveCount(0);
		await accessible(staff, 'floor-86-recovered');

		// Online, a change reaches the strip through the menu channel, well before the 30 s poll.
		const t0 = Date.now();
		await set86(false);
		await expect(dish).toHaveAttribute('aria-pressed', 'false', { timeout: 20_000 });
		console.log(`86 → offline-first strip (ms): ${Date.now() - t0}`);
	} finally {
		await set86(false);
		await staffCtx.close();
		await managerCtx.close();
	}
});
