import { expect, test, type BrowserContext } from '@playwright/test';
import { signInWithPasskey } from './support/users';

/** Makes the pages of a context report that they run as the installed app (standalone). */
async function asInstalled(ctx: BrowserContext) {
	await ctx.addInitScript(() => {
		const real = window.matchMedia.bind(window);
		window.matchMedia = (q: string) =>
			/display-mode:\s*standalone/.test(q)
				? ({ ...real(q), matches: true, media: q } as MediaQueryList)
				: real(q);
	});
}

test('an installed kitchen tablet opens on the kitchen screen; a browser tab does not', async ({
	browser,
	request
}) => {
	// Two contexts, two sign-ins and a handful of navigations.
	test.setTimeout(180_000);
	// The manifest: a stable id, start_url at home (which forwards), a Kitchen shortcut.
	const home = await request.get('/');
	const href = /<link[^>]+rel="manifest"[^>]+href="([^"]+)"/.exec(await home.text())?.[1];
	const manifest = await (await request.get(href ?? '/manifest.webmanifest')).json();
	expect(manifest.id).toBe('/');
	expect(manifest.start_url).toBe('/');
	expect(manifest.shortcuts.map((s: { url: string }) => s.url)).toContain('/kitchen');

	const tabletCtx = await browser.newContext({ viewport: { width: 1024, height: 768 } });
	await asInstalled(tabletCtx);
	const tablet = await tabletCtx.newPage();
	await signInWithPasskey(tablet, 'staff');
	await tablet.goto('/kitchen');
	await expect(tablet.getByRole('heading', { name: 'Kitchen', level: 1 })).toBeVisible();
	// Launching the app (start_url '/') now lands on the kitchen board.
	await tablet.goto('/');
	await expect(tablet).toHaveURL(/\/kitchen$/);
	await expect(tablet.getByRole('heading', { name: 'Kitchen', level: 1 })).toBeVisible();
	await tabletCtx.close();

	// The same steps in an ordinary tab: home stays home, with the role's screens.
	const tabCtx = await browser.newContext();
	const tab = await tabCtx.newPage();
	await signInWithPasskey(tab, 'staff');
	await tab.goto('/kitchen');
	await expect(tab.getByRole('heading', { name: 'Kitchen', level: 1 })).toBeVisible();
	await tab.goto('/');
	await expect(tab.getByRole('link', { name: /Kitchen display/ })).toBeVisible();
	expect(new URL(tab.url()).pathname).toBe('/');
	await tabCtx.close();
});
