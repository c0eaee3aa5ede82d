import { expect, test, type Page } from '@playwright/test';
import { accessible } from './support/a11y';
import { signInWithPasskey } from './support/users';

const PHONE = {
	viewport: { width: 390, height: 844 },
	locale: 'es-PE',
	isMobile: true,
	hasTouch: true
};

/** Text frames a page receives over WebSockets (the realtime sidecar). */
function wsFrames(page: Page): string[] {
	const frames: string[] = [];
	page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
	return frames;
}

test('scan → request → live approval → order → staff sees it → end invalidates the token', async ({
	browser
}) => {
	// Four browser contexts, about twenty navigations and eight axe scans: ~32 s on an idle 2-core
	// machine, and it timed out at 60 s four times in five on a loaded one; with two CPU hogs
	// beside eight people's builds it took over 240 s. Budget for a loaded CI machine.
	test.setTimeout(480_000);
	const staffCtx = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const staff = await staffCtx.newPage();
	const staffFrames = wsFrames(staff);
	await signInWithPasskey(staff, 'staff');
	await staff.goto('/staff/tables');
	await expect(staff.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();

	const dinerCtx = await browser.newContext(PHONE);
	const diner = await dinerCtx.newPage();
	const dinerFrames = wsFrames(diner);
	await diner.goto('/downtown-lima/downtown-lima-3');
	await expect(diner.getByRole('heading', { name: 'Pide esta mesa' })).toBeVisible();
	await accessible(diner, 'diner-request');
	await diner.getByLabel('Tu nombre').fill('Lucía');
	await diner.getByRole('button', { name: 'Solicitar acceso' }).click();
	await expect(diner.getByRole('heading', { name: 'Esperando aprobación' })).toBeVisible();
	await expect(diner.getByRole('timer')).toContainText('Esperando desde hace');
	await accessible(diner, 'diner-waiting');

	// Staff sees the request appear without reloading, and approves it in one tap.
	const request = staff.getByRole('article', { name: 'Table 3: Lucía' });
	await expect(request).toBeVisible();
	await accessible(staff, 'staff-tables');
	await request.getByRole('button', { name: 'Approve' }).click();

	// The diner's screen moves on by itself, told by the realtime sidecar.
	await expect(diner.getByRole('heading', { name: 'Carta' })).toBeVisible();
	expect(staffFrames.some((f) => f.includes('"session:pending"'))).toBe(true);
	expect(dinerFrames.some((f) => f.includes('"session:approved"'))).toBe(true);
	await accessible(diner, 'diner-menu');
	await diner.getByRole('button', { name: 'Agregar Lomo saltado' }).click();
	await diner.getByRole('button', { name: 'Agregar Lomo saltado' }).click();
	await diner.getByRole('button', { name: 'Agregar Inca Kola (500 ml)' }).click();
	await expect(diner.getByRole('heading', { name: 'Tu pedido (3)' })).toBeVisible();
	// The cart survives a reload.
	await diner.reload();
	await expect(diner.getByRole('heading', { name: 'Tu pedido (3)' })).toBeVisible();
	await accessible(diner, 'diner-cart');
	await diner.getByRole('button', { name: 'Enviar pedido' }).click();
	await expect(
		diner.getByRole('status').filter({ hasText: 'Pedido enviado a cocina' })
	).toBeVisible();
	await expect(diner.getByTestId('order-state')).toHaveText('Recibido');
	await accessible(diner, 'diner-order-status');

	// Staff sees the order on the table, live.
	await expect(staff.locator('.tile.active', { hasText: 'Lucía' })).toContainText('1 order');

	// A companion joins from the "Invite your table" link, sees the table's order and adds one.
	await diner.getByRole('button', { name: 'Invitar a tu mesa' }).click();
	const link = await diner.getByTestId('invite-link').inputValue();
	expect(link).toMatch(/\/downtown-lima\/downtown-lima-3#join=[\w-]+\.[\w-]+\.[\w-]+$/);
	await accessible(diner, 'diner-invite');
	const friendCtx = await browser.newContext(PHONE);
	const friend = await friendCtx.newPage();
	await friend.goto(link);
	await expect(friend.getByRole('heading', { name: 'Carta' })).toBeVisible();
	await expect(friend.getByTestId('order-state')).toHaveText('Recibido');
	expect(new URL(friend.url()).hash).toBe('');
	await friend.getByRole('button', { name: 'Agregar Inca Kola (500 ml)' }).click();
	await friend.getByRole('button', { name: 'Enviar pedido' }).click();
	await expect(friend.getByTestId('order-state')).toHaveCount(2);
	await expect(staff.locator('.tile.active', { hasText: 'Lucía' })).toContainText('2 orders');

	// The table calls a waiter; the floor shows it live and staff mark it done.
	// The diner sees the call pending until staff take it, then that a waiter is coming.
	await diner.getByRole('button', { name: 'Llamar al mesero' }).click();
	await expect(
		diner.getByRole('status').filter({ hasText: 'Mesero llamado — esperando' })
	).toBeVisible();
	const waiterCall = staff.getByRole('article').filter({ hasText: 'Table 3 · Waiter' });
	await expect(waiterCall).toBeVisible();
	await accessible(staff, 'staff-tables-call');
	await staff.getByRole('button', { name: 'Done: waiter for table 3' }).click();
	await expect(waiterCall).toHaveCount(0);
	await expect(
		diner.getByRole('status').filter({ hasText: 'Un mesero va en camino' })
	).toBeVisible();

	// Language switch; <html lang> follows it.
	await expect(diner.locator('html')).toHaveAttribute('lang', 'es');
	await diner.getByRole('button', { name: 'English' }).click();
	await expect(diner.getByRole('heading', { name: 'Menu' })).toBeVisible();
	await expect(diner.locator('html')).toHaveAttribute('lang', 'en');
	await diner.getByRole('button', { name: 'Español' }).click();
	await expect(diner.locator('html')).toHaveAttribute('lang', 'es');

	// Staff ends the session: the diner sees it and the token stops working.
	const token = await diner.evaluate(
		() => JSON.parse(localStorage.getItem('preptable:diner:downtown-lima-3')!).token
	);
	// Ending is two taps: open the table, End, then confirm in the dialog.
	await staff.getByRole('button', { name: /^Table 3: Lucía/ }).click();
	await staff.getByRole('button', { name: 'End session at table 3' }).click();
	await staff.getByRole('dialog').getByRole('button', { name: 'End session', exact: true }).click();
	await expect(diner.getByRole('heading', { name: '¡Gracias por tu visita!' })).toBeVisible();
	await expect(friend.getByRole('heading', { name: '¡Gracias por tu visita!' })).toBeVisible();
	await friendCtx.close();
	await accessible(diner, 'diner-ended');
	const res = await diner.request.get('/api/customer/downtown-lima/downtown-lima-3/orders', {
		headers: { authorization: `Bearer ${token}` }
	});
	expect(res.status()).toBe(403);
	expect((await res.json()).error.code).toBe('SESSION_ENDED');
	// The phone forgot the visit: a reload (the next party scanning) can ask for the table again.
	await expect(diner.getByRole('button', { name: 'Empezar una nueva visita' })).toBeVisible();
	await diner.reload();
	await expect(diner.getByRole('heading', { name: 'Pide esta mesa' })).toBeVisible();
	await staffCtx.close();
	await dinerCtx.close();
});

test('reject path, busy table, and the typed-code fallback', async ({ browser }) => {
	// Three contexts, six axe scans, a dozen navigations: budgeted like the flow above.
	test.setTimeout(360_000);
	const staffCtx = await browser.newContext();
	const staff = await staffCtx.newPage();
	await signInWithPasskey(staff, 'manager');
	await staff.goto('/staff/tables');

	const dinerCtx = await browser.newContext(PHONE);
	const diner = await dinerCtx.newPage();
	await diner.goto('/join');
	await accessible(diner, 'diner-join');
	await diner.getByLabel('Código de mesa').fill('downtown-lima-5');
	await diner.getByRole('button', { name: 'Abrir mesa' }).click();
	await diner.getByLabel('Tu nombre').fill('Pedro');
	await diner.getByRole('button', { name: 'Solicitar acceso' }).click();
	await expect(diner.getByRole('heading', { name: 'Esperando aprobación' })).toBeVisible();

	// A second phone at the same table sees it is taken.
	const otherCtx = await browser.newContext({ ...PHONE, locale: 'en-US' });
	const other = await otherCtx.newPage();
	await other.goto('/downtown-lima/downtown-lima-5');
	await expect(
		other.getByRole('heading', { name: 'This table is waiting for approval' })
	).toBeVisible();
	await accessible(other, 'diner-busy');

	await staff
		.getByRole('article', { name: 'Table 5: Pedro' })
		.getByRole('button', { name: 'Reject' })
		.click();
	await expect(diner.getByRole('heading', { name: 'Solicitud no aprobada' })).toBeVisible();
	await accessible(diner, 'diner-rejected');

	// Managers add tables and print their QR codes.
	await staff.goto('/staff/qr');
	await staff.getByLabel('Table number').fill('13');
	await staff.getByRole('button', { name: 'Add table' }).click();
	await expect(staff.getByRole('status')).toHaveText('Table 13 added');
	await expect(staff.getByText('downtown-lima-13', { exact: true })).toBeVisible();
	await expect(staff.locator('.qr svg')).toHaveCount(13);
	await accessible(staff, 'staff-qr');

	// A table with a party waiting cannot be removed; once the request is rejected it can.
	await other.goto('/downtown-lima/downtown-lima-13');
	await other.getByLabel('Your name').fill('Quinn');
	await other.getByRole('button', { name: 'Request access' }).click();
	await expect(other.getByRole('heading', { name: 'Waiting for approval' })).toBeVisible();
	await staff.getByRole('button', { name: 'Remove table 13' }).click();
	await staff
		.getByRole('dialog')
		.getByRole('button', { name: 'Remove table', exact: true })
		.click();
	await expect(staff.getByRole('alert')).toContainText('pending or active session');
	await expect(staff.locator('.qr svg')).toHaveCount(13);
	await accessible(staff, 'staff-qr-busy');
	await staff.goto('/staff/tables');
	await staff
		.getByRole('article', { name: 'Table 13: Quinn' })
		.getByRole('button', { name: 'Reject' })
		.click();
	await expect(staff.getByRole('article', { name: 'Table 13: Quinn' })).toHaveCount(0);
	await staff.goto('/staff/qr');
	await staff.getByRole('button', { name: 'Remove table 13' }).click();
	await staff
		.getByRole('dialog')
		.getByRole('button', { name: 'Remove table', exact: true })
		.click();
	await expect(staff.locator('.qr svg')).toHaveCount(12);

	await diner.goto('/nowhere/nowhere-1');
	await expect(diner.getByRole('heading', { name: /No encontramos esta mesa/ })).toBeVisible();
	await staffCtx.close();
	await dinerCtx.close();
	await otherCtx.close();
});
