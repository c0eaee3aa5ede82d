// The daypart and placement editors of /staff/menus at 390×844 (issue 14): a manager creates a
// daypart (weekday checkboxes, start and end), edits it, places a dish in it, edits the
// placement (sold out), and removes both again; errors are in plain words, axe clean.
import { expect, test } from '@playwright/test';
import { accessible } from './support/a11y';
import { signInWithPasskey } from './support/users';

const NAME = 'Brunch e2e';
const DISH = 'Ají de gallina';

test('menus editor at 390×844: create and edit a daypart and a placement', async ({ page }) => {
	// A passkey sign-in, about a dozen writes and four axe passes: a loaded 2-core machine.
	test.setTimeout(180_000);
	await signInWithPasskey(page, 'manager');
	await page.goto('/staff/menus');
	await expect(page.getByRole('heading', { name: 'Dayparts this week' })).toBeVisible();

	// New daypart: the form takes the focus; saving it empty says what is missing.
	await page.getByRole('button', { name: 'Add daypart' }).click();
	await expect(page.getByRole('heading', { name: 'New daypart' })).toBeFocused();
	await page.getByRole('button', { name: 'Save daypart' }).click();
	await expect(page.getByRole('alert')).toHaveText(
		'Give the daypart a name (for example “Lunch”).'
	);
	await page.getByLabel('Name', { exact: true }).fill(NAME);
	for (const d of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']) {
		await page.getByRole('checkbox', { name: d }).uncheck();
	}
	await page.getByRole('button', { name: 'Save daypart' }).click();
	await expect(page.getByRole('alert')).toHaveText('Pick at least one day of the week.');
	await page.getByRole('checkbox', { name: 'Saturday' }).check();
	await page.getByRole('checkbox', { name: 'Sunday' }).check();
	await page.getByLabel('Starts').fill('10:00');
	await page.getByLabel('Ends').fill('14:00');
	await accessible(page, 'menus-daypart-form-390x844');
	await page.getByRole('button', { name: 'Save daypart' }).click();
	await expect(page.getByRole('heading', { name: 'New daypart' })).toBeHidden();
	await expect(page.getByRole('button', { name: 'Add daypart' })).toBeFocused();
	await expect(
		page.getByRole('img', { name: new RegExp(`^Sat: .*${NAME} 10:00–14:00`) })
	).toBeVisible();
	await expect(page.getByRole('img', { name: new RegExp(`^Fri: .*${NAME}`) })).toHaveCount(0);

	// Edit it: Friday too, until 15:30.
	await page.getByRole('button', { name: `Edit daypart ${NAME}` }).click();
	await expect(page.getByRole('heading', { name: 'Edit daypart' })).toBeFocused();
	await expect(page.getByLabel('Name', { exact: true })).toHaveValue(NAME);
	await page.getByRole('checkbox', { name: 'Friday' }).check();
	await page.getByLabel('Ends').fill('15:30');
	await page.getByRole('button', { name: 'Save daypart' }).click();
	await expect(
		page.getByRole('img', { name: new RegExp(`^Fri: .*${NAME} 10:00–15:30`) })
	).toBeVisible();

	// Place a dish in it: nothing picked is refused in words; then the dish, the menu, the daypart.
	await page.getByRole('button', { name: 'Place a dish' }).click();
	await expect(page.getByRole('heading', { name: 'Place a dish' })).toBeFocused();
	await page.getByRole('button', { name: 'Place dish' }).click();
	await expect(page.getByRole('alert')).toHaveText('Pick the dish to place.');
	await page.getByLabel('Dish', { exact: true }).selectOption({ label: DISH });
	const menu = page.getByLabel('Menu', { exact: true });
	if (!(await menu.inputValue())) await menu.selectOption({ index: 1 });
	await page.getByLabel('Daypart', { exact: true }).selectOption({ label: NAME });
	await accessible(page, 'menus-placement-form-390x844');
	await page.getByRole('button', { name: 'Place dish' }).click();
	const card = page
		.locator('.card')
		.filter({ has: page.getByRole('heading', { name: `${NAME} · 10:00–15:30` }) });
	await expect(card.getByRole('listitem').filter({ hasText: DISH })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Place a dish' })).toBeFocused();

	// Edit the placement: sold out (the 86).
	await card.getByRole('button', { name: `Edit placement ${DISH}` }).click();
	await expect(page.getByRole('heading', { name: `Edit ${DISH}` })).toBeFocused();
	await page.getByRole('checkbox', { name: 'Sold out (86)' }).check();
	await page.getByRole('button', { name: 'Save placement' }).click();
	await expect(card.getByRole('listitem').filter({ hasText: DISH })).toContainText('Sold out');
	await accessible(page, 'menus-editor-saved-390x844');

	// Remove the placement, then delete the daypart (each asks first).
	await card.getByRole('button', { name: `Edit placement ${DISH}` }).click();
	await page.getByRole('button', { name: 'Remove' }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Remove dish' }).click();
	await expect(card.getByRole('listitem').filter({ hasText: DISH })).toHaveCount(0);
	await page.getByRole('button', { name: `Edit daypart ${NAME}` }).click();
	await page.getByRole('button', { name: 'Delete' }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Delete daypart' }).click();
	await expect(page.getByRole('button', { name: `Edit daypart ${NAME}` })).toHaveCount(0);
	await expect(page.getByRole('img', { name: new RegExp(NAME) })).toHaveCount(0);
});
