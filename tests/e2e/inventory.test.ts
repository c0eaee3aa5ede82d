import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { accessible } from './support/a11y';
import { signInWithPasskey } from './support/users';

test('inventory at 390×844: adjust with confirmation, two-tap waste, reports with chart, CSV', async ({
	page
}) => {
	// Many steps and six axe passes + full-page screenshots: an explicit budget for a loaded machine.
	test.setTimeout(300_000);
	await signInWithPasskey(page, 'staff');
	await page.goto('/staff/inventory');
	await page.getByLabel('Store').selectOption({ label: 'Walk-in cooler' });
	const row = page.getByRole('listitem', { name: 'Chicken thigh, boneless' });
	await expect(row).toBeVisible();
	await expect(row.getByText(/par 60/)).toBeVisible();
	await accessible(page, 'inventory-store');
	await page.getByLabel('Search').fill('corvina');
	await expect(page.getByRole('listitem', { name: 'Corvina fillet' })).toBeVisible();
	await expect(row).toBeHidden();
	await page.getByLabel('Search').fill('');

	// Adjust on the item page: review shows the resulting level, confirm writes it.
	await row.getByRole('link', { name: 'Adjust' }).click();
	await expect(page.getByRole('heading', { name: 'Chicken thigh, boneless' })).toBeVisible();
	const before = Number(((await page.getByTestId('item-level').textContent()) ?? '').split(' ')[0]);
	await expect(
		page.getByRole('list', { name: 'Movements' }).getByRole('listitem').first()
	).toBeVisible();
	await page.getByRole('spinbutton', { name: /^Change/ }).fill('5');
	await page.getByRole('button', { name: 'Review' }).click();
	const dialog = page.getByRole('alertdialog', { name: 'Confirm the new level' });
	await expect(dialog).toContainText(`→ ${Math.round((before + 5) * 100) / 100} lb`);
	await accessible(page, 'inventory-item-confirm');
	await dialog.getByRole('button', { name: 'Confirm' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Level is now' })).toBeVisible();
	await expect(page.getByTestId('item-level')).toHaveText(
		`${Math.round((before + 5) * 100) / 100} lb`
	);
	await accessible(page, 'inventory-item');

	// Two-tap waste: Waste, (quantity), reason.
	await page.goto('/staff/inventory');
	const again = page.getByRole('listitem', { name: 'Chicken thigh, boneless' });
	await again.getByRole('button', { name: 'Waste' }).click();
	await again.getByLabel(/Quantity/).fill('2');
	await accessible(page, 'inventory-waste');
	await again.getByRole('button', { name: 'Spoiled' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: 'Wasted 2 lb of Chicken thigh, boneless (spoiled)' })
	).toBeVisible();
	await expect(again.getByTestId('level')).toHaveText(String(Math.round((before + 3) * 100) / 100));

	// Reports: usage table, the two charts, CSV downloads, the low-stock list.
	await page.getByRole('link', { name: 'Reports' }).click();
	await expect(page.getByRole('heading', { name: 'Usage' })).toBeVisible();
	await expect(page.getByRole('img', { name: /Value moved per day/ })).toBeVisible();
	await expect(page.getByRole('img', { name: /Waste per day/ })).toBeVisible();
	await expect(page.getByRole('rowheader', { name: /Chicken thigh, boneless/ })).toBeVisible();
	await accessible(page, 'inventory-reports');
	// The total value is read without scrolling the table sideways, and agrees with its last cell.
	const totalValue = (await page.getByTestId('total-value').textContent())!.trim();
	expect(totalValue).toMatch(/^S\/\s?[\d,]+\.\d\d$/);
	await expect(page.getByTestId('usage-summary')).toContainText(totalValue);
	// Each chart's labels start inside it: "S/ 1,017" at the axis top, not "1,017" clipped.
	for (const chart of await page.getByTestId('chart').all()) {
		const minX = await chart.evaluate((svg) =>
			Math.min(...[...svg.querySelectorAll('text')].map((t) => t.getBBox().x))
		);
		expect(minX, 'leftmost label x in the chart').toBeGreaterThanOrEqual(0);
		await expect(chart.locator('text').first()).toContainText('S/');
	}
	// Six columns do not fit 390 px: the table scrolls inside its region, the page does not.
	// Against the configured width: an emulated phone widens its layout viewport (innerWidth) to
	// fit content that overflows, so innerWidth would hide the overflow.
	const overflow = await page.evaluate(
		(width) => document.documentElement.scrollWidth - width,
		page.viewportSize()!.width
	);
	expect(overflow, 'px past the right edge of a 390 px screen').toBeLessThanOrEqual(0);
	const region = page.getByRole('region', { name: 'Usage by item' });
	expect(await region.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
	// Filter to waste only: the table and the chart follow.
	for (const r of ['Adjust', 'Count correction', 'Receive']) {
		await page.getByRole('checkbox', { name: r }).uncheck();
	}
	await page.getByRole('button', { name: 'Show' }).click();
	await expect(page.getByRole('columnheader', { name: 'Receive' })).toBeHidden();
	await expect(page.getByRole('columnheader', { name: 'Waste' })).toBeVisible();

	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Download CSV' }).first().click()
	]);
	expect(download.suggestedFilename()).toBe('usage-report.csv');
	const csv = fs.readFileSync((await download.path())!, 'utf8');
	expect(csv.split('\r\n')[0]).toBe(
		'item_name,unit,total_used,used_waste,used_adjust,used_count_correction,used_receive,unit_cost_cents,value_used_cents'
	);
	expect(csv).toContain('"Chicken thigh, boneless",lb,');

	const [lowCsv] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Download CSV' }).nth(1).click()
	]);
	expect(lowCsv.suggestedFilename()).toBe('low-stock-report.csv');
	expect(fs.readFileSync((await lowCsv.path())!, 'utf8').split('\r\n')[0]).toBe(
		'item_name,item_sku,unit,current_stock,par_level,deficit'
	);
});
