import { expect, test } from '@playwright/test';
import { accessible } from './support/a11y';
import { shot } from './support/passkeys';
import { signInWithPasskey } from './support/users';

const PHONE = {
	viewport: { width: 390, height: 844 },
	locale: 'es-PE',
	isMobile: true,
	hasTouch: true
};
const TABLET = { viewport: { width: 1024, height: 768 } };

test('floor tiles: time seated, orders and total; a tap opens the table; End asks first', async ({
	browser
}) => {
	// Two contexts, a diner order, five axe scans: ~30 s idle, several times that on a loaded
	// 2-core machine beside other builds.
	test.setTimeout(300_000);
	const staffCtx = await browser.newContext(TABLET);
	const staff = await staffCtx.newPage();
	await signInWithPasskey(staff, 'staff');
	await staff.goto('/staff/tables');
	await expect(staff.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();

	const dinerCtx = await browser.newContext(PHONE);
	const diner = await dinerCtx.newPage();
	await diner.goto('/downtown-lima/downtown-lima-6');
	await diner.getByLabel('Tu nombre').fill('Rosa');
	await diner.getByRole('button', { name: 'Solicitar acceso' }).click();
	await staff
		.getByRole('article', { name: 'Table 6: Rosa' })
		.getByRole('button', { name: 'Approve' })
		.click();
	await expect(diner.getByRole('heading', { name: 'Carta' })).toBeVisible();
	await diner.getByRole('button', { name: 'Agregar Inca Kola (500 ml)' }).click();
	await diner.getByRole('button', { name: 'Agregar Inca Kola (500 ml)' }).click();
	await diner.getByRole('button', { name: 'Enviar pedido' }).click();
	await expect(diner.getByTestId('order-state')).toHaveCount(1);

	// The tile: who, how long seated, how many orders and the running total (server-computed).
	const tile = staff.getByRole('button', { name: /^Table 6: Rosa, seated .*, 1 order, S\/\s?\d/ });
	await expect(tile).toBeVisible();
	await expect(tile).toContainText('1 order · S/');
	await accessible(staff, 'floor-tablet');
	await staff.setViewportSize({ width: 390, height: 844 });
	await shot(staff, 'floor-phone');

	// A tap opens the table: its orders with items and total, and End.
	await tile.click();
	const sheet = staff.getByRole('dialog', { name: 'Table 6' });
	await expect(sheet).toBeVisible();
	await expect(sheet).toContainText('2 × Inca Kola (500 ml)');
	const total = (await sheet.getByTestId('table-total').textContent())!;
	expect(await tile.getAttribute('aria-label')).toContain(total.trim());
	await accessible(staff, 'floor-table-phone');
	await staff.setViewportSize({ width: 1024, height: 768 });
	await shot(staff, 'floor-table-tablet');

	// End asks first; Cancel leaves the party seated.
	await sheet.getByRole('button', { name: 'End session at table 6' }).click();
	const ask = staff.getByRole('dialog', { name: 'End the session at table 6?' });
	await expect(ask).toBeVisible();
	await expect(ask.getByRole('button', { name: 'Cancel' })).toBeFocused();
	await accessible(staff, 'floor-end-confirm');
	await staff.setViewportSize({ width: 390, height: 844 });
	await accessible(staff, 'floor-end-confirm-phone');
	await ask.getByRole('button', { name: 'Cancel' }).click();
	await expect(ask).toHaveCount(0);
	await expect(diner.getByRole('heading', { name: 'Carta' })).toBeVisible();
	await sheet.getByRole('button', { name: 'End session at table 6' }).click();
	await ask.getByRole('button', { name: 'End session', exact: true }).click();
	await expect(diner.getByRole('heading', { name: '¡Gracias por tu visita!' })).toBeVisible();
	await expect(staff.getByRole('button', { name: 'Table 6: free' })).toBeVisible();
	await staffCtx.close();
	await dinerCtx.close();
});

test('staff see no table admin; a manager is told in words; Remove asks first', async ({
	browser
}) => {
	test.setTimeout(240_000);
	const staffCtx = await browser.newContext();
	const staff = await staffCtx.newPage();
	await signInWithPasskey(staff, 'staff');
	await staff.goto('/staff/qr');
	await expect(staff.locator('.qr svg').first()).toBeVisible();
	// Staff print codes; adding and removing tables is not offered (the server refuses it too).
	await expect(staff.getByRole('button', { name: 'Add table' })).toHaveCount(0);
	await expect(staff.getByRole('button', { name: /^Remove table/ })).toHaveCount(0);
	const refused = await staff.evaluate(async () => {
		const locs = await (await fetch('/api/v1/locations')).json();
		const r = await fetch(`/api/v1/locations/${locs[0].id}/tables`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ number: 77 })
		});
		return r.status;
	});
	expect(refused).toBe(403);
	await accessible(staff, 'qr-staff-phone');
	await staff.setViewportSize({ width: 1024, height: 768 });
	await shot(staff, 'qr-staff-tablet');
	await staffCtx.close();

	const managerCtx = await browser.newContext(TABLET);
	const manager = await managerCtx.newPage();
	await signInWithPasskey(manager, 'manager');
	await manager.goto('/staff/qr');
	await manager.getByLabel('Table number').fill('5');
	await manager.getByRole('button', { name: 'Add table' }).click();
	// Plain words next to the form, never the constraint's name.
	const alert = manager.getByRole('alert');
	await expect(alert).toHaveText('Table 5 already exists');
	await accessible(manager, 'qr-manager-exists-tablet');
	await manager.getByLabel('Table number').fill('44');
	await manager.getByRole('button', { name: 'Add table' }).click();
	await expect(manager.getByRole('status')).toHaveText('Table 44 added');
	await manager.getByRole('button', { name: 'Remove table 44' }).click();
	const ask = manager.getByRole('dialog', { name: 'Remove table 44?' });
	await expect(ask).toBeVisible();
	await accessible(manager, 'qr-remove-confirm-tablet');
	await manager.setViewportSize({ width: 390, height: 844 });
	await shot(manager, 'qr-remove-confirm-phone');
	await manager.setViewportSize({ width: 1024, height: 768 });
	await ask.getByRole('button', { name: 'Cancel' }).click();
	await expect(manager.getByRole('button', { name: 'Remove table 44' })).toBeVisible();
	await manager.getByRole('button', { name: 'Remove table 44' }).click();
	await ask.getByRole('button', { name: 'Remove table', exact: true }).click();
	await expect(manager.getByRole('status')).toHaveText('Table 44 removed');
	await expect(manager.getByRole('button', { name: 'Remove table 44' })).toHaveCount(0);
	await managerCtx.close();
});

test('table tents print a typed code that /t accepts, any case; an unknown code is told plainly', async ({
	browser
}) => {
	test.setTimeout(240_000);
	const staffCtx = await browser.newContext(TABLET);
	const staff = await staffCtx.newPage();
	await signInWithPasskey(staff, 'staff');
	await staff.goto('/staff/qr');
	const tent = staff.getByRole('listitem', { name: 'Tent for table 3' });
	await expect(tent).toContainText('Table 3');
	await expect(tent).toContainText('Scan to order');
	await expect(tent).toContainText('Downtown Lima');
	await expect(tent.locator('svg')).toBeVisible();
	const code = (await tent.getByTestId('short-code').textContent())!.trim();
	expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{5}$/);
	const all = await staff.getByTestId('short-code').allTextContents();
	expect(new Set(all).size).toBe(all.length);
	await accessible(staff, 'tents-tablet');
	await staff.emulateMedia({ media: 'print' });
	await shot(staff, 'tents-print');
	await staff.emulateMedia({ media: 'screen' });
	await staff.setViewportSize({ width: 390, height: 844 });
	await shot(staff, 'tents-phone');
	await staffCtx.close();

	const dinerCtx = await browser.newContext(PHONE);
	const diner = await dinerCtx.newPage();
	// Lower case in the path: the same table as the QR code opens.
	await diner.goto(`/t/${code.toLowerCase()}`);
	await expect(diner).toHaveURL(/\/downtown-lima\/downtown-lima-3$/);
	await expect(diner.getByRole('heading', { name: 'Pide esta mesa' })).toBeVisible();
	// The form on /t, typed with a space and in lower case.
	await diner.goto('/t');
	await accessible(diner, 't-form-phone');
	await diner.setViewportSize({ width: 1024, height: 768 });
	await shot(diner, 't-form-tablet');
	await diner.setViewportSize({ width: 390, height: 844 });
	await diner
		.getByLabel('Código de tu mesa')
		.fill(`${code.slice(0, 2).toLowerCase()} ${code.slice(2).toLowerCase()}`);
	await diner.getByRole('button', { name: 'Abrir mi mesa' }).click();
	await expect(diner).toHaveURL(/\/downtown-lima\/downtown-lima-3$/);
	// Unknown codes (one that could exist but does not, one with a look-alike) get words.
	const unused = ['22222', '33333', '44444'].find((c) => !all.includes(c))!;
	for (const c of [unused, 'ab0xy']) {
		await diner.goto(`/t/${c}`);
		await expect(diner.getByRole('alert')).toHaveText(/Ninguna mesa tiene este código/);
	}
	await accessible(diner, 't-unknown-phone');
	await diner.setViewportSize({ width: 1024, height: 768 });
	await shot(diner, 't-unknown-tablet');
	await dinerCtx.close();
});
