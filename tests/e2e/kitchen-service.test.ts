// The kitchen display as a line cook uses it through a service (issue: front of house):
// hand-off clears a ready ticket, recall brings any recent one back, text big enough at arm's
// length and remembered, LATE said in words, a full column says "+N more", sound remembered.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { accessible } from './support/a11y';
import { saavorOrder, saavorWebhook } from './support/saavor';
import { clearBoard } from './support/kitchen';
import { e2eFixtures, signInWithPasskey } from './support/users';

const sent: string[] = [];
async function order(
	request: APIRequestContext,
	name: string,
	extra: { notes?: string; lineNotes?: string } = {}
) {
	const id = await saavorOrder(request, name, { ...extra, prefix: 'svc', quantity: 2 });
	sent.push(id);
	return id;
}

const fontPx = (page: Page, id: string) =>
	page
		.locator(`[data-external-id="${id}"] .lines li`)
		.first()
		.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));

test.afterAll(async ({ request }) => {
	// Leave the shared board as we found it: the kitchen display test counts its own tickets.
	for (const id of sent) {
		await saavorWebhook(request, {
			id: `evt-cancel-${id}`,
			type: 'order.cancelled',
			order: { id, location: 'downtown-lima', lines: [] }
		});
	}
});

test('kitchen service at 390×844 and 1024×768: hand-off, recall, text size, LATE, +N more, sound', async ({
	browser,
	request
}) => {
	// Many steps, two devices and four axe passes: an explicit budget for a loaded CI machine.
	test.setTimeout(300_000);
	const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const page = await phone.newPage();
	await signInWithPasskey(page, 'staff');
	// It counts tickets: start from a clear board (earlier tests leave diners' orders on it).
	await clearBoard(page.request, e2eFixtures().locationId);
	await page.goto('/kitchen');
	await expect(page.getByRole('tab', { name: /Queued/ })).toBeVisible();

	const gia = await order(request, 'Gia', { notes: 'Allergy: nuts', lineNotes: 'no onions' });
	const ticket = page.locator(`[data-external-id="${gia}"]`);
	await expect(ticket).toBeVisible();
	// Readable at arm's length by default; the order number and the time placed on the ticket;
	// modifiers and notes stand out.
	expect(await fontPx(page, gia)).toBeGreaterThanOrEqual(22);
	// A long POS id is called out by its end; the whole id is in the title.
	await expect(ticket.locator('.name')).toHaveText(`#…${gia.slice(-6)}`);
	await expect(ticket.locator('.name')).toHaveAttribute('title', gia);
	await expect(ticket).toContainText(/placed \d{1,2}:\d{2}/);
	await expect(ticket.locator('.mod')).toHaveText('no onions');
	expect(
		await ticket.locator('.mod').evaluate((el) => Number(getComputedStyle(el).fontWeight))
	).toBeGreaterThanOrEqual(700);
	await expect(ticket.locator('.notes')).toHaveText('Note: Allergy: nuts');
	await accessible(page, 'kitchen-service-390');

	// Queued → Preparing → Ready; the clock now counts time since ready; a tap hands it off.
	await page.getByRole('button', { name: 'Gia, Queued' }).click();
	await page.getByRole('tab', { name: /Preparing/ }).click();
	await page.getByRole('button', { name: 'Gia, Preparing' }).click();
	await page.getByRole('tab', { name: /Ready/ }).click();
	const ready = page.getByRole('button', { name: 'Gia, Ready' });
	await expect(ready).toContainText(/Ready \d+:\d{2}/);
	await expect(ready).toContainText('Tap when handed off');
	await accessible(page, 'kitchen-service-ready');
	await ready.click();
	await expect(ticket).toHaveCount(0);
	// Handed off, the last bump no longer stands: "Recall last" would move a ticket out of sight.
	await expect(page.getByRole('button', { name: 'Recall last' })).toBeDisabled();

	// Recall: any ticket finished in the last half hour, not only the last one.
	await page.getByRole('button', { name: /Recall… \(\d+\)/ }).click();
	const row = page.locator('.recall-row').filter({ hasText: 'Gia' });
	await expect(row).toContainText(/handed off \d+:\d{2} ago/);
	await accessible(page, 'kitchen-service-recall');
	await row.getByRole('button', { name: 'Back to Ready' }).click();
	await expect(page.getByRole('button', { name: 'Gia, Ready' })).toBeVisible();
	await page.getByRole('button', { name: 'Gia, Ready' }).click();
	await expect(ticket).toHaveCount(0);

	// Text size and sound are remembered on this device across a reload.
	const hugo = await order(request, 'Hugo');
	await page.getByRole('tab', { name: /Queued/ }).click();
	await expect(page.locator(`[data-external-id="${hugo}"]`)).toBeVisible();
	await page.getByText('Screen settings').click();
	await page.getByLabel('Ticket text').selectOption({ label: 'Large (28 px)' });
	await page.getByRole('button', { name: 'Enable sound' }).click();
	await page.reload();
	await expect(page.locator(`[data-external-id="${hugo}"]`)).toBeVisible();
	expect(await fontPx(page, hugo)).toBe(28);
	await expect(page.getByRole('button', { name: 'Enable sound' })).toHaveCount(0);
	await expect(
		page.getByRole('button', { name: /Sound on|Tap to turn sound on/ }).first()
	).toBeVisible();

	// A full column keeps the oldest in view and says how many more wait.
	for (let i = 0; i < 9; i++) await order(request, `Guest ${i}`);
	await expect(page.getByRole('tab', { name: /Queued 10/ })).toBeVisible();
	const queued = page.getByRole('region', { name: 'Queued' });
	await expect(queued.locator('[data-external-id]')).toHaveCount(8);
	await expect(queued.locator('[data-external-id]').first()).toHaveAttribute(
		'data-external-id',
		hugo
	);
	await queued.getByRole('button', { name: '+2 more' }).click();
	await expect(queued.locator('[data-external-id]')).toHaveCount(10);
	await phone.close();

	// A tablet: all three columns at a glance; a ticket past the red threshold says LATE.
	const tablet = await browser.newContext({ viewport: { width: 1024, height: 768 } });
	const tab = await tablet.newPage();
	await signInWithPasskey(tab, 'staff');
	await tab.clock.install();
	await tab.goto('/kitchen');
	for (const name of ['Queued', 'Preparing', 'Ready']) {
		await expect(tab.getByRole('heading', { name: new RegExp(`^${name} \\(`) })).toBeVisible();
	}
	await expect(tab.getByRole('heading', { name: 'Queued (10)' })).toBeVisible();
	await accessible(tab, 'kitchen-service-1024');
	await tab.clock.fastForward('16:00');
	await expect(tab.getByRole('button', { name: 'Hugo, Queued, late' })).toBeVisible();
	await expect(
		tab.getByRole('button', { name: 'Hugo, Queued, late' }).getByText('⚠ LATE')
	).toBeVisible();
	await accessible(tab, 'kitchen-service-late-1024');
	await tablet.close();
});
