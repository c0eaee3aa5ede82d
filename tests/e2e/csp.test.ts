// Issue 10 item 7: the Content-Security-Policy breaks nothing. Every screen a person or a
// screen opens loads without a CSP violation (console and securitypolicyviolation events),
// the service worker installs, the realtime WebSocket to the sidecar's port connects, QR codes
// render, and passkey sign-in works.
import { expect, test, type Page } from '@playwright/test';
import { signInWithPasskey } from './support/users';

function watchCsp(page: Page): string[] {
	const violations: string[] = [];
	page.on('console', (m) => {
		if (/Content Security Policy|Refused to (load|execute|connect|apply|frame)/i.test(m.text()))
			violations.push(`${page.url()}: ${m.text()}`);
	});
	page.on('pageerror', (e) => violations.push(`${page.url()}: ${e.message}`));
	return violations;
}

async function cspEvents(page: Page): Promise<string[]> {
	return page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
}

test('no CSP violation on any screen; realtime, QR, service worker and passkeys still work', async ({
	page
}) => {
	test.setTimeout(120_000);
	const violations = watchCsp(page);
	await page.addInitScript(() => {
		const w = window as unknown as { __csp: string[] };
		w.__csp = [];
		document.addEventListener('securitypolicyviolation', (e) =>
			w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`)
		);
	});

	const home = await page.goto('/');
	expect(home?.headers()['content-security-policy']).toMatch(/frame-ancestors 'none'/);
	await expect(page.getByRole('heading', { name: 'PrepTable' })).toBeVisible();
	await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
	expect(await cspEvents(page)).toEqual([]);

	await page.goto('/downtown-lima/downtown-lima-3');
	await page.waitForLoadState('networkidle');
	expect(await cspEvents(page)).toEqual([]);

	// Passkey sign-in (WebAuthn) under the policy, then the staff screens.
	await signInWithPasskey(page, 'manager');
	expect(await cspEvents(page)).toEqual([]);

	// The staff screen opens a WebSocket to the sidecar, another port: connect-src allows it.
	const ws = page.waitForEvent('websocket', { timeout: 30_000 });
	await page.goto('/staff/tables');
	const socket = await ws;
	await socket.waitForEvent('framereceived', { timeout: 30_000 });
	expect(new URL(socket.url()).port).not.toBe(new URL(page.url()).port);
	await page.waitForLoadState('networkidle');
	expect(await cspEvents(page)).toEqual([]);

	await page.goto('/staff/qr');
	await expect(page.locator('.qr svg').first()).toBeVisible({ timeout: 30_000 });
	await page.screenshot({ path: 'tests/screenshots/csp-staff-qr.png' });
	expect(await cspEvents(page)).toEqual([]);

	for (const path of ['/kitchen', '/account', '/admin', '/login']) {
		await page.goto(path);
		await page.waitForLoadState('networkidle');
		expect(await cspEvents(page), path).toEqual([]);
	}
	expect(violations).toEqual([]);
});
