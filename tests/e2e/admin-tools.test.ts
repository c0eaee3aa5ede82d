import { expect, test } from '@playwright/test';
import { accessible } from './support/a11y';
import { shot, virtualAuthenticator } from './support/passkeys';
import { e2eFixtures, signInWithPasskey } from './support/users';

test('admin: Copy/Share/QR for invitations and kiosk tokens; the audit log by name, filtered, as CSV, a table on a tablet', async ({
	browser
}) => {
	// A registration, a sign-in, several reloads of the log, six axe scans: budget for a loaded
	// 2-core machine.
	test.setTimeout(300_000);
	const adminCtx = await browser.newContext({
		viewport: { width: 1024, height: 768 },
		permissions: ['clipboard-read', 'clipboard-write'],
		acceptDownloads: true
	});
	const admin = await adminCtx.newPage();
	await virtualAuthenticator(admin);
	await admin.goto(e2eFixtures().adminInvite);
	await admin.getByLabel('Email').fill('ana.admin@e2e.test');
	await admin.getByLabel('Your name').fill('Ana Admin');
	await admin.getByRole('button', { name: 'Create passkey' }).click();
	await expect(admin.getByRole('heading', { name: 'Administration' })).toBeVisible();

	// Invitation: Copy, and a QR code of the link drawn on the screen.
	const invite = admin.locator('#invitations form');
	await invite.getByLabel('Role').selectOption('staff');
	await invite.getByRole('checkbox', { name: 'Downtown Lima' }).check();
	await invite.getByRole('button', { name: 'Create invitation' }).click();
	const link = await admin.getByTestId('invite-link').inputValue();
	await admin.getByRole('button', { name: 'Copy invitation link' }).click();
	expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(link);
	await admin.getByRole('button', { name: 'Show QR code of the invitation link' }).click();
	await expect(admin.getByRole('img', { name: 'QR code of the invitation link' })).toBeVisible();
	await expect(
		admin.getByRole('button', { name: 'Hide QR code of the invitation link' })
	).toHaveAttribute('aria-expanded', 'true');

	// Kiosk token: the same three, on a location of this test's own (a new token replaces the
	// old one, and Downtown Lima's is the signage screen the menus tests use).
	const created = await admin.request.post('/api/v1/locations', {
		data: { slug: `kiosk-qr-${Date.now()}`, name: 'Kiosk QR branch', timezone: 'America/Lima' }
	});
	expect(created.status()).toBe(201);
	await admin.reload();
	await admin.getByRole('button', { name: 'New kiosk token for Kiosk QR branch' }).click();
	await admin.getByRole('button', { name: 'Copy kiosk token' }).click();
	await admin.getByRole('button', { name: 'Show QR code of the kiosk token' }).click();
	await expect(admin.getByRole('img', { name: 'QR code of the kiosk token' })).toBeVisible();
	await accessible(admin, 'admin-qr-tablet');
	await admin.setViewportSize({ width: 390, height: 844 });
	await shot(admin, 'admin-qr-phone');
	await admin.setViewportSize({ width: 1024, height: 768 });

	// A role change asks first; cancel puts the select back.
	const staffCard = admin.getByRole('row').filter({ hasText: 'staff@e2e.test' });
	await staffCard.getByLabel('Role').selectOption('manager');
	const ask = admin.getByRole('dialog', { name: 'Make E2E staff Manager?' });
	await expect(ask).toBeVisible();
	await accessible(admin, 'admin-role-confirm-tablet');
	await ask.getByRole('button', { name: 'Cancel' }).click();
	await expect(staffCard.getByLabel('Role')).toHaveValue('staff');

	// Audit: names, not ids; a table on a tablet.
	await admin.goto('/admin/audit');
	const table = admin.getByRole('table');
	await expect(table.getByRole('columnheader', { name: 'Who' })).toBeVisible();
	const rotate = table.getByRole('row').filter({ hasText: 'rotate' }).first();
	await expect(rotate).toContainText('Ana Admin');
	await expect(rotate).toContainText('Kiosk QR branch');
	// The What and Who cells carry names; ids stay in the row's change details and the CSV.
	for (const cell of await rotate.getByRole('cell').all())
		if (!(await cell.locator('details').count()))
			expect(await cell.textContent()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
	await accessible(admin, 'audit-tablet');

	// Filters: actor, action, entity, date.
	await admin.getByLabel('Who', { exact: true }).selectOption({ label: 'Ana Admin' });
	await admin.getByLabel('Action', { exact: true }).selectOption('create');
	await admin.getByLabel('What', { exact: true }).selectOption('invitation');
	await expect(table.getByRole('row')).toHaveCount(2); // header + the one invitation
	const today = await admin.evaluate(() => {
		const d = new Date();
		return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
	});
	await admin.getByLabel('From', { exact: true }).fill(today);
	await expect(table.getByRole('row')).toHaveCount(2);
	await admin.getByLabel('From', { exact: true }).fill('2020-01-01');
	await admin.getByLabel('To', { exact: true }).fill('2020-01-02');
	await expect(admin.getByRole('status')).toHaveText('No entries match these filters.');
	await admin.getByLabel('To', { exact: true }).fill('');
	await expect(table.getByRole('row')).toHaveCount(2);

	// CSV export of the filtered log: RFC 4180, names, formula-neutral.
	const [download] = await Promise.all([
		admin.waitForEvent('download'),
		admin.getByRole('link', { name: 'Export CSV' }).click()
	]);
	expect(download.suggestedFilename()).toBe('audit-log.csv');
	const csv = await (await download.createReadStream()).toArray();
	const text = Buffer.concat(csv).toString('utf8');
	const lines = text.split('\r\n');
	expect(lines[0]).toBe(
		'created_at,actor,actor_email,actor_role,action,entity,entity_name,location,entity_id,entry_id'
	);
	expect(lines.length).toBe(3); // header, one entry, the final CRLF
	expect(lines[1]).toContain(',Ana Admin,ana.admin@e2e.test,admin,create,invitation,');

	// On a phone the same log is one card per entry.
	await admin.getByRole('button', { name: 'Clear filters' }).click();
	await admin.setViewportSize({ width: 390, height: 844 });
	await expect(table.getByRole('columnheader', { name: 'Who' })).not.toBeInViewport();
	await accessible(admin, 'audit-phone');

	// A dish's menu details (admins): category and allergen tags, saved and there after a reload.
	await admin.setViewportSize({ width: 1024, height: 768 });
	await admin.goto('/staff/purchasing/meals');
	await admin.getByRole('link', { name: 'Ají de gallina' }).click();
	const details = admin.getByRole('form', { name: 'Menu details' });
	await expect(details.getByLabel(/^Category/)).not.toHaveValue('');
	const sesame = details.getByRole('checkbox', { name: 'sesame', exact: true });
	await expect(sesame).not.toBeChecked();
	await sesame.check();
	await details.getByRole('button', { name: 'Save menu details' }).click();
	await expect(details.getByRole('status')).toHaveText('Menu details saved');
	await admin.reload();
	await expect(sesame).toBeChecked();
	await accessible(admin, 'meal-menu-details-tablet');
	await admin.setViewportSize({ width: 390, height: 844 });
	await accessible(admin, 'meal-menu-details-phone');
	// The diner tests after this one filter by the demo's tags: put them back.
	await sesame.uncheck();
	await details.getByRole('button', { name: 'Save menu details' }).click();
	await expect(details.getByRole('status')).toHaveText('Menu details saved');
	await adminCtx.close();
});

test('a staff member opening the audit log or admin is told in words', async ({ browser }) => {
	test.setTimeout(120_000);
	const ctx = await browser.newContext();
	const page = await ctx.newPage();
	await signInWithPasskey(page, 'staff');
	await page.goto('/admin/audit');
	await expect(page.getByRole('alert')).toHaveText('The audit log is for admins only.');
	await ctx.close();
});
