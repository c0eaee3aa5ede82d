import { expect, test, type Page } from '@playwright/test';
import { accessible } from './support/a11y';
import { shot } from './support/passkeys';
import { e2eFixtures, signInWithPasskey } from './support/users';

const PHONE = {
	viewport: { width: 390, height: 844 },
	locale: 'es-PE',
	isMobile: true,
	hasTouch: true
};
const DISH = 'Lomo saltado';

/** Records, in the page, each change of one dish's data-sold-out with the wall-clock time. */
async function watch(page: Page, dishId: string) {
	await page.evaluate((id) => {
		const w = window as unknown as { __e86: { v: string | null; t: number }[] };
		w.__e86 = [];
		let last: string | null | undefined;
		const check = () => {
			const v =
				document.querySelector(`[data-dish="${id}"]`)?.getAttribute('data-sold-out') ?? null;
			if (v !== last) {
				last = v;
				w.__e86.push({ v, t: Date.now() });
			}
		};
		new MutationObserver(check).observe(document.body, {
			subtree: true,
			childList: true,
			attributes: true,
			attributeFilter: ['data-sold-out']
		});
		check();
	}, dishId);
}

/** When the page first showed `value` at or after `since` (polls the page's own record). */
async function shownAt(page: Page, value: string, since: number): Promise<number> {
	let at = 0;
	await expect
		.poll(
			async () => {
				const marks = await page.evaluate(
					() => (window as unknown as { __e86: { v: string | null; t: number }[] }).__e86
				);
				at = marks.find((m) => m.v === value && m.t >= since)?.t ?? 0;
				return at > 0;
			},
			{ timeout: 15_000, intervals: [50] }
		)
		.toBe(true);
	return at;
}

const pct = (xs: number[], q: number) =>
	[...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(xs.length * q) - 1)];
const stats = (xs: number[]) => ({ p50: pct(xs, 0.5), p95: pct(xs, 0.95), max: Math.max(...xs) });

test('a cook 86s a dish: the diner and the signage screen both show it; signage works offline', async ({
	browser
}, info) => {
	// Three browser contexts, twenty toggles and a service-worker install: budget for a loaded
	// 2-core machine.
	test.setTimeout(480_000);
	const { locationId, kioskToken } = e2eFixtures();

	// The signage screen, provisioned with ?token= (fleet setup), on a 1080p TV.
	const tvCtx = await browser.newContext({
		viewport: { width: 1920, height: 1080 },
		deviceScaleFactor: 1,
		isMobile: false,
		hasTouch: false
	});
	const tv = await tvCtx.newPage();
	const errors: string[] = [];
	tv.on('pageerror', (e) => errors.push(e.message));
	await tv.goto(`/signage?token=${encodeURIComponent(kioskToken)}`);
	await expect(tv.getByRole('heading', { name: 'Downtown Lima' })).toBeVisible();
	const tvDish = tv.getByRole('listitem').filter({ hasText: DISH });
	await expect(tvDish).toBeVisible();
	await expect(tvDish).toContainText('S/');
	// The token left the address bar (it is kept in the screen's storage).
	expect(tv.url()).not.toContain('token=');
	const dishId = (await tvDish.getAttribute('data-dish'))!;
	await accessible(tv, 'signage-1920x1080');

	// A diner at table 7, approved by the cook on the staff floor.
	const cookCtx = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const cook = await cookCtx.newPage();
	await signInWithPasskey(cook, 'staff');
	await cook.goto('/staff/tables');
	const dinerCtx = await browser.newContext(PHONE);
	const diner = await dinerCtx.newPage();
	await diner.goto('/downtown-lima/downtown-lima-7');
	await diner.getByLabel('Tu nombre').fill('Rosa');
	await diner.getByRole('button', { name: 'Solicitar acceso' }).click();
	await expect(diner.getByRole('heading', { name: 'Esperando aprobación' })).toBeVisible();
	await cook
		.getByRole('article', { name: 'Table 7: Rosa' })
		.getByRole('button', { name: 'Approve' })
		.click();
	await expect(diner.getByRole('heading', { name: 'Carta' })).toBeVisible();
	// The staff floor has the one-tap 86 too.
	await expect(cook.getByRole('button', { name: `86 ${DISH}` })).toBeVisible();
	await accessible(cook, 'staff-floor-86');

	// The cook 86s from the kitchen display, one tap; both screens follow. Twenty toggles,
	// each timed from the tap to the moment each screen's DOM shows it.
	await cook.goto(`/kitchen/${locationId}`);
	const button = cook.getByRole('button', { name: `86 ${DISH}` });
	await expect(button).toBeVisible();
	await accessible(cook, 'kitchen-86');
	await watch(tv, dishId);
	await watch(diner, dishId);
	const dinerMs: number[] = [];
	const tvMs: number[] = [];
	const putMs: number[] = [];
	try {
		for (let i = 0; i < 20; i++) {
			const value = i % 2 === 0 ? 'true' : 'false';
			await expect(button).toBeEnabled();
			const t0 = Date.now();
			const put = cook.waitForResponse(
				(r) => r.url().includes('/api/v1/placements/') && r.request().method() === 'PUT'
			);
			await button.click();
			await put;
			putMs.push(Date.now() - t0);
			await expect(button).toHaveAttribute('aria-pressed', value);
			dinerMs.push((await shownAt(diner, value, t0)) - t0);
			tvMs.push((await shownAt(tv, value, t0)) - t0);
			if (i === 0) {
				await expect(tvDish).toContainText('Sold out');
				await expect(diner.locator(`[data-dish="${dishId}"]`)).toContainText('Agotado');
				await shot(tv, 'signage-86-1920x1080');
				await shot(diner, 'diner-86');
			}
		}
	} finally {
		// Leave the dish on sale for the other tests.
		if ((await button.getAttribute('aria-pressed')) === 'true') await button.click();
	}
	const summary = {
		diner: stats(dinerMs),
		signage: stats(tvMs),
		// The write itself (tap → the PUT's answer), part of both delays above.
		put: stats(putMs),
		samples: { diner: dinerMs, signage: tvMs }
	};
	console.log(`86 → screen delay (ms): ${JSON.stringify(summary)}`);
	await info.attach('86-latency.json', {
		body: JSON.stringify(summary, null, 2),
		contentType: 'application/json'
	});
	// The goal is p95 ≤ 1 s; the assertion allows a loaded CI machine twice that.
	expect(summary.diner.p95).toBeLessThan(2000);
	expect(summary.signage.p95).toBeLessThan(2000);

	// Portrait TV.
	await tv.setViewportSize({ width: 1080, height: 1920 });
	await expect(tvDish).toBeVisible();
	await shot(tv, 'signage-1080x1920');

	// Offline: once the service worker controls the screen, a reload without network still
	// shows the last menu from the screen's cache.
	await tv.evaluate(async () => {
		await navigator.serviceWorker.ready;
		if (!navigator.serviceWorker.controller) {
			await new Promise((r) =>
				navigator.serviceWorker.addEventListener('controllerchange', r, { once: true })
			);
		}
	});
	await tvCtx.setOffline(true);
	await tv.reload();
	await expect(tv.getByRole('heading', { name: 'Downtown Lima' })).toBeVisible();
	await expect(tv.getByRole('listitem').filter({ hasText: DISH })).toBeVisible();
	await shot(tv, 'signage-offline-1080x1920');
	await tvCtx.setOffline(false);
	// Back online it talks to the server again by itself (the next poll or reconnect).
	expect(errors).toEqual([]);
	await Promise.all([tvCtx.close(), cookCtx.close(), dinerCtx.close()]);
});

test('menus screen at 390×844: dayparts on a week timeline, placements in order, menu health', async ({
	page
}) => {
	test.setTimeout(240_000);
	await signInWithPasskey(page, 'manager');
	await page.goto('/staff/menus');
	await expect(page.getByRole('heading', { name: 'Dayparts this week' })).toBeVisible();
	await expect(page.getByRole('img', { name: /^Mon: All day 00:00–23:59/ })).toBeVisible();
	const list = page.getByRole('list').filter({ hasText: 'Ceviche clásico' }).first();
	await expect(list).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Menu health' })).toBeVisible();
	await expect(page.getByText(/No findings|food cost|dish/).first()).toBeVisible();
	await accessible(page, 'menus-390x844');
	// Managers reorder: the first dish moves down one place.
	const first = await list.locator('li').first().innerText();
	const name = first.split('\n')[0].trim();
	await page.getByRole('button', { name: `Move ${name} down` }).click();
	await expect(list.locator('li').nth(1)).toContainText(name);
	await page.getByRole('button', { name: `Move ${name} up` }).click();
	await expect(list.locator('li').first()).toContainText(name);
});
