// The diner's phone as a restaurant expects it (issue 15, Diner): the sticky cart bar and the
// order confirmation where the diner is looking, prices in the location's currency, plain-word
// errors, the wait screen's nudge and cancel, waiter calls that say when staff took them, and
// the menu by category with an allergen filter. Each test seats its own table.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { accessible } from './support/a11y';
import { signInWithPasskey } from './support/users';

const PHONE = {
	viewport: { width: 390, height: 844 },
	locale: 'es-PE',
	isMobile: true,
	hasTouch: true
};
const TABLET = { width: 1024, height: 768 };

/** Staff on the floor screen, and a diner at `table` who asked for it and was approved. */
async function seated(browser: Browser, table: number, name: string) {
	const staffCtx = await browser.newContext();
	const staff = await staffCtx.newPage();
	await signInWithPasskey(staff, 'staff');
	await staff.goto('/staff/tables');
	await expect(staff.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
	const dinerCtx = await browser.newContext(PHONE);
	const diner = await dinerCtx.newPage();
	await diner.goto(`/downtown-lima/downtown-lima-${table}`);
	await diner.getByLabel('Tu nombre').fill(name);
	await diner.getByRole('button', { name: 'Solicitar acceso' }).click();
	await expect(diner.getByRole('heading', { name: 'Esperando aprobación' })).toBeVisible();
	await staff
		.getByRole('article', { name: `Table ${table}: ${name}` })
		.getByRole('button', { name: 'Approve' })
		.click();
	await expect(diner.getByRole('heading', { name: 'Carta' })).toBeVisible();
	return {
		staff,
		diner,
		close: async () => {
			await endVisit(staff, diner, table);
			await staffCtx.close();
			await dinerCtx.close();
		}
	};
}

/**
 * Ends the diner's session from the staff page (the API, as the floor's End does), so the
 * table is free for the tests after this one.
 */
async function endVisit(staff: Page, diner: Page, table: number) {
	const id = await diner.evaluate(
		(key) => JSON.parse(localStorage.getItem(key) ?? 'null')?.sessionId as string | undefined,
		`preptable:diner:downtown-lima-${table}`
	);
	if (!id) return;
	await staff.evaluate(async (sid) => {
		await fetch(`/api/tables/sessions/${sid}/end`, { method: 'PATCH' });
	}, id);
}

/** The screen as the diner sees it right now (not the full page from the top). */
async function viewportShot(page: Page, name: string) {
	await page.screenshot({ path: `tests/screenshots/${name}.png` });
}

test('sticky cart bar with + and −; the sent order shows where the diner is looking', async ({
	browser
}) => {
	// Three contexts, a passkey sign-in, six axe scans: ~30 s idle; budgeted for a loaded machine.
	test.setTimeout(300_000);
	const { diner, close } = await seated(browser, 8, 'Rosa');
	const bar = diner.getByRole('region', { name: 'Resumen de tu pedido' });
	await expect(bar).toHaveCount(0); // nothing in the cart: no bar

	await diner.getByRole('button', { name: 'Agregar Lomo saltado' }).click();
	await expect(bar).toBeVisible();
	await expect(bar).toBeInViewport();
	await expect(diner.getByTestId('cart-bar-summary')).toHaveText(/1 artículo · S\/\s?32\.00/);
	await diner.getByRole('button', { name: 'Agregar Ceviche clásico' }).click();
	await expect(diner.getByTestId('cart-bar-summary')).toHaveText(/2 artículos · S\/\s?60\.00/);
	await viewportShot(diner, 'diner-cart-bar-phone');
	await accessible(diner, 'diner-cart-bar');

	// The bar opens the cart; while the cart is in view the bar steps aside.
	await bar.getByRole('button', { name: 'Ver pedido' }).click();
	const cart = diner.locator('#cart');
	await expect(cart).toBeInViewport();
	await expect(bar).toHaveCount(0);
	await cart.getByRole('button', { name: 'Uno más de Lomo saltado' }).click();
	await cart.getByRole('button', { name: 'Quitar uno de Ceviche clásico' }).click();
	await expect(diner.getByRole('heading', { name: 'Tu pedido (2)' })).toBeVisible();
	await expect(cart.getByRole('button', { name: /Ceviche/ })).toHaveCount(0);
	await expect(cart.locator('.total')).toHaveText(/S\/\s?64\.00/);
	await accessible(diner, 'diner-cart-lines');

	await cart.getByRole('button', { name: 'Enviar pedido' }).click();
	const sent = diner.getByTestId('order-confirmation');
	await expect(sent).toBeVisible();
	await expect(sent).toBeInViewport();
	await expect(sent).toBeFocused();
	await expect(sent.getByRole('heading', { name: /Pedido enviado a cocina/ })).toBeVisible();
	await expect(sent).toContainText('2 × Lomo saltado');
	await expect(sent.locator('.total')).toHaveText(/S\/\s?64\.00/);
	await expect(sent).toContainText(/Enviado a las \d{1,2}:\d{2}/);
	await expect(diner.getByText('Aún nada', { exact: false })).toHaveCount(0);
	await expect(bar).toHaveCount(0);
	await viewportShot(diner, 'diner-order-sent-phone');
	await accessible(diner, 'diner-order-sent');
	await diner.setViewportSize(TABLET);
	await accessible(diner, 'diner-order-sent-tablet');

	// Adding again starts a new cart in place of the confirmation.
	await diner.setViewportSize(PHONE.viewport);
	await diner.getByRole('button', { name: 'Agregar Inca Kola (500 ml)' }).click();
	await expect(sent).toHaveCount(0);
	await expect(diner.getByRole('heading', { name: 'Tu pedido (1)' })).toBeVisible();
	await diner.setViewportSize(TABLET);
	await accessible(diner, 'diner-cart-bar-tablet');
	await close();
});

test('prices in the location currency; a failure is told in plain words, never "Failed to fetch"', async ({
	browser
}) => {
	// Three contexts, a sign-in, five axe scans: ~25 s idle; budgeted for a loaded machine.
	test.setTimeout(300_000);
	const { diner, close } = await seated(browser, 9, 'Tomás');
	await expect(diner.locator('[data-dish] .price').first()).toHaveText(/^S\/\s?\d+\.\d\d$/);
	// English keeps soles as S/ (English locale data would print "PEN 28.00").
	await diner.getByRole('button', { name: 'English' }).click();
	await expect(diner.getByRole('heading', { name: 'Menu' })).toBeVisible();
	await expect(diner.locator('[data-dish] .price').first()).toHaveText(/^S\/\s?\d+\.\d\d$/);

	await diner.getByRole('button', { name: 'Add Lomo saltado' }).click();
	await diner.getByRole('button', { name: 'View order' }).click();
	// The connection drops just as the diner sends.
	await diner.context().setOffline(true);
	await diner.getByRole('button', { name: 'Send order' }).click();
	const alert = diner.getByRole('alert');
	await expect(alert).toHaveText(/No connection — we’ll keep trying/);
	await expect(diner.getByText(/Failed to fetch|NETWORK_ERROR|TypeError/)).toHaveCount(0);
	await viewportShot(diner, 'diner-offline-error-en-phone');
	await accessible(diner, 'diner-offline-error-en');
	await diner.getByRole('button', { name: 'Español' }).click();
	await expect(alert).toHaveText(/Sin conexión — seguiremos intentando/);
	await diner.setViewportSize(TABLET);
	await accessible(diner, 'diner-offline-error-es-tablet');
	await diner.setViewportSize(PHONE.viewport);

	// Back online, the same cart goes through once (the retry keeps its idempotency key).
	await diner.context().setOffline(false);
	await diner.getByRole('button', { name: 'Enviar pedido' }).click();
	await expect(diner.getByTestId('order-confirmation')).toBeVisible();
	await expect(diner.getByRole('alert')).toHaveCount(0);
	await expect(diner.getByTestId('order-state')).toHaveCount(1);

	// Another location's currency: the same page formats what the menu says it charges in.
	await diner.route('**/api/customer/*/*/menu', async (route) => {
		const res = await route.fetch();
		const body = await res.json();
		body.data.branch.currency = 'USD';
		await route.fulfill({ response: res, json: body });
	});
	await diner.reload();
	// Still in Spanish (the choice is kept), USD as es-PE writes it. The menu comes by the page's
	// own fetch, so once it shows the page is live: a tap on a page not yet hydrated is lost.
	await expect(diner.locator('[data-dish] .price').first()).toHaveText(/^\$\s\d+\.\d\d$/);
	await diner.getByRole('button', { name: 'English' }).click();
	await expect(diner.locator('[data-dish] .price').first()).toHaveText(/^\$\d+\.\d\d$/);
	await close();
});

test('wait screen: after a minute the staff are reminded, and the diner can cancel; a call is pending until staff take it', async ({
	browser
}) => {
	// The reminder needs a real minute of waiting (the server enforces it), plus three contexts,
	// a sign-in and six axe scans: ~100 s idle; budgeted for a loaded machine.
	test.setTimeout(420_000);
	const staffCtx = await browser.newContext();
	const staff = await staffCtx.newPage();
	await signInWithPasskey(staff, 'staff');
	await staff.goto('/staff/tables');
	await expect(staff.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
	const dinerCtx = await browser.newContext(PHONE);
	const diner = await dinerCtx.newPage();
	await diner.goto('/downtown-lima/downtown-lima-2');
	await diner.getByLabel('Tu nombre').fill('Inés');
	await diner.getByRole('button', { name: 'Solicitar acceso' }).click();
	await expect(diner.getByRole('heading', { name: 'Esperando aprobación' })).toBeVisible();
	await expect(diner.getByRole('button', { name: 'Cancelar solicitud' })).toBeVisible();
	const request = staff.getByRole('article', { name: 'Table 2: Inés' });
	await expect(request).toBeVisible();
	await expect(request).not.toContainText('Reminded');

	// A minute on: the phone says it reminded the staff, and the floor shows it, live.
	const nudge = diner.getByRole('status').filter({ hasText: 'Le recordamos al personal' });
	await expect(nudge).toBeVisible({ timeout: 120_000 });
	await expect(request).toContainText('Reminded: still waiting');
	await accessible(diner, 'diner-waiting-reminded');
	await diner.setViewportSize(TABLET);
	await accessible(diner, 'diner-waiting-reminded-tablet');
	await diner.setViewportSize(PHONE.viewport);
	await accessible(staff, 'staff-tables-reminded');

	// The diner changes their mind: the request is withdrawn, the floor drops it.
	await diner.getByRole('button', { name: 'Cancelar solicitud' }).click();
	await expect(diner.getByRole('heading', { name: 'Pide esta mesa' })).toBeVisible();
	await expect(diner.getByRole('status').filter({ hasText: 'Solicitud cancelada' })).toBeVisible();
	await expect(request).toHaveCount(0);
	await accessible(diner, 'diner-request-cancelled');

	// Asked again and seated: "Call waiter" shows pending until staff take it, then says so.
	await diner.getByLabel('Tu nombre').fill('Inés');
	await diner.getByRole('button', { name: 'Solicitar acceso' }).click();
	await staff
		.getByRole('article', { name: 'Table 2: Inés' })
		.getByRole('button', { name: 'Approve' })
		.click();
	await expect(diner.getByRole('heading', { name: 'Carta' })).toBeVisible();
	await diner.getByRole('button', { name: 'Llamar al mesero' }).click();
	const pending = diner.getByTestId('call-pending');
	await expect(pending).toHaveText(/Mesero llamado — esperando que el personal responda/);
	await expect(diner.getByRole('button', { name: 'Mesero llamado…' })).toBeDisabled();
	// Still pending after a reload: the phone asks the server, not its memory.
	await diner.reload();
	await expect(pending).toBeVisible();
	await viewportShot(diner, 'diner-call-pending-phone');
	await accessible(diner, 'diner-call-pending');
	await diner.setViewportSize(TABLET);
	await accessible(diner, 'diner-call-pending-tablet');
	await diner.setViewportSize(PHONE.viewport);

	await staff.getByRole('button', { name: 'Done: waiter for table 2' }).click();
	await expect(
		diner.getByRole('status').filter({ hasText: 'Un mesero va en camino' })
	).toBeVisible();
	await expect(pending).toHaveCount(0);
	await expect(diner.getByRole('button', { name: 'Llamar al mesero' })).toBeEnabled();
	await accessible(diner, 'diner-call-acknowledged');
	await endVisit(staff, diner, 2);
	await staffCtx.close();
	await dinerCtx.close();
});

test('the menu groups dishes by category and can hide dishes with an allergen', async ({
	browser
}) => {
	// Three contexts, a sign-in, five axe scans: ~25 s idle; budgeted for a loaded machine.
	test.setTimeout(300_000);
	const { diner, close } = await seated(browser, 4, 'Elena');
	const categories = diner.locator('h2.category');
	await expect(categories).toHaveText(['Entradas', 'Platos de fondo', 'Bebidas']);
	const entradas = diner.getByRole('region', { name: 'Entradas' });
	await expect(entradas.locator('[data-dish] h3')).toHaveText([
		'Ceviche clásico',
		'Papa a la huancaína'
	]);
	await expect(
		diner.locator('[data-dish]').filter({ hasText: 'Papa a la huancaína' }).locator('.tags')
	).toContainText(/Vegetariano\s*Contiene:\s+lácteos, huevo/);
	await accessible(diner, 'diner-menu-categories');

	// "Hide dishes with": only the allergens on this menu are offered.
	const filter = diner.getByRole('group', { name: 'Ocultar platos con' });
	await expect(filter.getByRole('checkbox')).toHaveCount(6); // gluten dairy nuts egg soy fish
	await filter.getByLabel('lácteos').check();
	await expect(diner.locator('[data-dish]').filter({ hasText: 'Ají de gallina' })).toHaveCount(0);
	await expect(diner.locator('[data-dish]').filter({ hasText: 'Papa a la huancaína' })).toHaveCount(
		0
	);
	await expect(diner.getByRole('status').filter({ hasText: '2 ocultos' })).toBeVisible();
	await filter.getByLabel('pescado').check();
	await expect(categories).toHaveText(['Platos de fondo', 'Bebidas']); // Entradas emptied
	await viewportShot(diner, 'diner-menu-filtered-phone');
	await accessible(diner, 'diner-menu-filtered');
	await diner.setViewportSize(TABLET);
	await accessible(diner, 'diner-menu-filtered-tablet');

	// Both languages: the tags and the filter follow the switch.
	await diner.getByRole('button', { name: 'English' }).click();
	await expect(diner.getByRole('group', { name: 'Hide dishes with' })).toBeVisible();
	await expect(diner.getByLabel('dairy')).toBeChecked();
	await diner.getByLabel('dairy').uncheck();
	await diner.getByLabel('fish').uncheck();
	await expect(diner.locator('[data-dish]')).toHaveCount(6);
	await accessible(diner, 'diner-menu-categories-en-tablet');
	await close();
});
