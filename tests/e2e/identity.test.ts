import { expect, test } from '@playwright/test';
import { accessible } from './support/a11y';
import { bootstrapUrl, virtualAuthenticator } from './support/passkeys';

test('bootstrap admin, invite a manager, passkey sign-in, second passkey, last one kept', async ({
	browser
}) => {
	// Two contexts, passkey ceremonies and six axe scans: budgeted for a loaded CI machine.
	test.setTimeout(360_000);
	// --- the first admin, from the bootstrap URL printed at first start
	const adminCtx = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
	const admin = await adminCtx.newPage();
	await virtualAuthenticator(admin);
	await admin.goto(await bootstrapUrl());
	await expect(admin.getByRole('heading', { name: 'Set up the first admin' })).toBeVisible();
	await accessible(admin, 'invite-bootstrap');
	await admin.getByLabel('Email').fill('owner@example.test');
	await admin.getByLabel('Your name').fill('Olga Owner');
	await admin.getByRole('button', { name: 'Create passkey' }).click();
	await expect(admin.getByRole('heading', { name: 'Administration' })).toBeVisible();

	// A location, then an invitation for a manager of it.
	await admin.getByLabel('Name', { exact: true }).fill('Downtown');
	await admin.getByLabel('Slug (used in table QR links)').fill('downtown');
	// The time zone is picked from the IANA list, not typed.
	await admin.getByLabel('Time zone').selectOption('America/Lima');
	await admin.getByRole('button', { name: 'Add location' }).click();
	await expect(admin.getByRole('status')).toHaveText('Location created');
	const invite = admin.locator('#invitations form');
	await invite.getByLabel('Role').selectOption('manager');
	await invite.getByLabel('Email (optional)').fill('maria@example.test');
	await invite.getByLabel('Downtown', { exact: true }).check();
	await invite.getByRole('button', { name: 'Create invitation' }).click();
	const link = await admin.getByTestId('invite-link').inputValue();
	expect(link).toMatch(/\/invite\//);
	await admin.getByRole('button', { name: 'Copy invitation link' }).click();
	await expect(admin.getByText('Invitation link copied')).toBeVisible();
	expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(link);
	await accessible(admin, 'admin');

	// --- the manager registers on their own phone
	const mgrCtx = await browser.newContext();
	const mgr = await mgrCtx.newPage();
	const device = await virtualAuthenticator(mgr);
	await mgr.goto(link);
	await expect(mgr.getByRole('heading', { name: 'You are invited as manager' })).toBeVisible();
	await expect(mgr.getByLabel('Email')).toHaveValue('maria@example.test');
	await mgr.getByLabel('Your name').fill('María');
	await mgr.getByRole('button', { name: 'Create passkey' }).click();
	await expect(mgr.getByRole('heading', { name: 'María' })).toBeVisible();
	await expect(mgr.getByRole('main').getByText('manager', { exact: true })).toBeVisible();

	// Sign out, then back in with the passkey.
	await mgr.getByRole('button', { name: 'Sign out' }).click();
	await expect(mgr).toHaveURL(/\/login/);
	await accessible(mgr, 'login');
	await mgr.getByRole('button', { name: 'Sign in with passkey' }).click();
	await expect(mgr.getByRole('heading', { name: 'María' })).toBeVisible();

	// Home lists the screens of her role: a manager buys and counts, but administers nothing.
	await mgr.goto('/');
	const start = mgr.getByRole('navigation', { name: 'Start' });
	await expect(start.getByRole('link', { name: /Purchasing/ })).toBeVisible();
	await expect(start.getByRole('link', { name: /Kitchen display/ })).toBeVisible();
	await expect(start.getByRole('link', { name: /Administration/ })).toHaveCount(0);
	await expect(start.getByRole('link', { name: /Staff sign in/ })).toHaveCount(0);
	await accessible(mgr, 'home-manager');
	await mgr.getByRole('link', { name: 'My account' }).click();
	await expect(mgr.getByRole('heading', { name: 'María' })).toBeVisible();

	// A second passkey (another device), then removal down to one, and the last is kept.
	await device.replace();
	await mgr.getByRole('button', { name: 'Add a passkey' }).click();
	await expect(mgr.getByRole('status')).toHaveText('Passkey added');
	await expect(mgr.getByRole('button', { name: /^Remove passkey/ })).toHaveCount(2);
	await accessible(mgr, 'account');
	await mgr.getByRole('button', { name: 'Remove passkey Passkey', exact: true }).click();
	await expect(mgr.getByRole('status')).toHaveText('Passkey removed');
	await expect(mgr.getByRole('button', { name: /^Remove passkey/ })).toHaveCount(1);
	await mgr.getByRole('button', { name: /^Remove passkey/ }).click();
	await expect(mgr.getByRole('alert')).toHaveText(/cannot remove your last passkey/);
	await expect(mgr.getByRole('button', { name: /^Remove passkey/ })).toHaveCount(1);

	// María leaves: the admin disables her account; her phone is signed out and cannot sign in.
	await admin.goto('/admin');
	await admin.getByRole('button', { name: 'Disable María' }).click();
	await admin.getByRole('dialog').getByRole('button', { name: 'Disable', exact: true }).click();
	await expect(admin.getByRole('status')).toHaveText('Account disabled; its sessions have ended');
	await expect(admin.getByText('Disabled: cannot sign in')).toBeVisible();
	await expect(admin.getByRole('button', { name: 'Disable Olga Owner' })).toHaveCount(0);
	await accessible(admin, 'admin-disabled');
	await mgr.reload();
	await expect(mgr).toHaveURL(/\/login/);
	await mgr.getByRole('button', { name: 'Sign in with passkey' }).click();
	await expect(mgr.getByRole('alert')).toBeVisible();
	await admin.getByRole('button', { name: 'Enable María' }).click();
	await expect(admin.getByRole('status')).toHaveText('Account enabled');
	await mgr.getByRole('button', { name: 'Sign in with passkey' }).click();
	await expect(mgr.getByRole('heading', { name: 'María' })).toBeVisible();

	// The admin sees the audit trail.
	await admin.goto('/admin/audit');
	// In the log itself (the Action filter lists 'register' too, hidden in its select).
	await expect(admin.getByRole('table').getByText('register').first()).toBeVisible();
	await accessible(admin, 'audit');
	await adminCtx.close();
	await mgrCtx.close();
});
