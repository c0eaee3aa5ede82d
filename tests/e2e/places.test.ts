// The "Shelf order" screen at 390×844 (issue 12): a manager reorders two items of the walk-in
// and moves one to a new area, saves, and the count screen walks the store in that order. Staff
// see the walk read-only. The demo store's places are put back as they were at the end, and the
// count this test opens is cancelled, so the tests after it find the demo data as seeded.
import { expect, test, type Page } from '@playwright/test';
import { accessible } from './support/a11y';
import { call } from './support/call';
import { serviceWorkerReady } from './support/offline';
import { signInWithPasskey } from './support/users';

interface Place {
	item_id: string;
	item_name: string;
	area: string;
	area_order: number;
	shelf_order: number;
}
interface Walk {
	places: Place[];
	unplaced: { item_id: string }[];
}

/** Area by area, the item names in order, as the screen shows them. */
async function shownWalk(page: Page): Promise<string[]> {
	const out: string[] = [];
	for (const area of await page.getByRole('main').locator('section.area').all()) {
		const name = ((await area.getByRole('heading', { level: 2 }).textContent()) ?? '')
			.replace(/\d+ items?$/, '')
			.trim();
		const items = await area
			.getByTestId('place')
			.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
		out.push(`${name}: ${items.join(', ')}`);
	}
	return out;
}

// An action that cannot happen fails here instead of waiting out the whole test.
test.use({ actionTimeout: 30_000 });

test('shelf order: reorder, move to a new area, save; the count walks in that order', async ({
	page,
	browser
}) => {
	test.setTimeout(300_000);
	await signInWithPasskey(page, 'manager');
	const stores = await call<{ id: string; name: string }[]>(page, 'GET', '/api/v1/stores');
	const store = stores.find((s) => s.name === 'Walk-in cooler')!;
	const placesUrl = `/api/v1/stores/${store.id}/places`;
	const original = (await call<Walk>(page, 'GET', placesUrl)).places;
	expect(original.length).toBeGreaterThanOrEqual(6);
	let countId: string | null = null;

	try {
		// From the inventory screen.
		await page.goto('/staff/inventory');
		await page.getByLabel('Store').selectOption({ label: 'Walk-in cooler' });
		await page.getByRole('link', { name: 'Shelf order' }).click();
		await expect(page.getByRole('heading', { name: 'Shelf order: Walk-in cooler' })).toBeVisible();
		expect(await shownWalk(page)).toEqual([
			'Meat: Chicken thigh, boneless, Beef sirloin',
			'Seafood: Corvina fillet',
			'Produce: Red onion, Limes, Ají amarillo paste'
		]);
		await expect(page.getByText('All changes saved')).toBeVisible();
		await accessible(page, 'places-manager');

		// Beef before chicken: the moved row keeps the focus (now at the top: on its down arrow).
		await page.getByRole('button', { name: 'Move Beef sirloin up' }).click();
		await expect(page.getByRole('button', { name: 'Move Beef sirloin down' })).toBeFocused();
		await expect(page.getByRole('status')).toHaveText('Beef sirloin moved up: 1 of 2 in Meat');
		// Keyboard: Enter on the focused arrow moves it back down and up again.
		await page.keyboard.press('Enter');
		await expect(page.getByRole('button', { name: 'Move Beef sirloin up' })).toBeFocused();
		await page.keyboard.press('Enter');
		await expect(page.getByRole('button', { name: 'Move Beef sirloin down' })).toBeFocused();

		// Limes into a new area, which goes last in the walk.
		await page.getByRole('button', { name: 'Area of Limes, or remove it' }).click();
		const row = page.getByRole('listitem', { name: 'Limes' });
		await row.getByRole('combobox', { name: 'Area' }).selectOption({ label: 'New area…' });
		// An empty name is refused in words (the browser's own check, then ours).
		await row.getByLabel('New area name').fill('   ');
		await row.getByRole('button', { name: 'Move to area' }).click();
		await expect(page.getByRole('alert')).toHaveText(/Type the name of an area/);
		await row.getByLabel('New area name').fill('Back shelf');
		await accessible(page, 'places-area-panel');
		await row.getByRole('button', { name: 'Move to area' }).click();
		await expect(page.getByRole('button', { name: 'Area of Limes, or remove it' })).toBeFocused();
		expect(await shownWalk(page)).toEqual([
			'Meat: Beef sirloin, Chicken thigh, boneless',
			'Seafood: Corvina fillet',
			'Produce: Red onion, Ají amarillo paste',
			'Back shelf: Limes'
		]);
		await expect(page.getByText('Unsaved changes')).toBeVisible();
		await accessible(page, 'places-edited');

		await page.getByRole('button', { name: 'Save', exact: true }).click();
		await expect(page.getByRole('status')).toHaveText(
			'Shelf order saved: the next count of Walk-in cooler walks it in this order.'
		);
		await expect(page.getByText('All changes saved')).toBeVisible();
		// Kept after a reload (it is the server's now).
		await page.reload();
		await expect
			.poll(() => shownWalk(page))
			.toEqual([
				'Meat: Beef sirloin, Chicken thigh, boneless',
				'Seafood: Corvina fillet',
				'Produce: Red onion, Ají amarillo paste',
				'Back shelf: Limes'
			]);
		await accessible(page, 'places-saved');

		// Staff see the walk, without the controls.
		const staffCtx = await browser.newContext();
		const staffPage = await staffCtx.newPage();
		await signInWithPasskey(staffPage, 'staff');
		await staffPage.goto(`/staff/inventory/${store.id}/places`);
		await expect(staffPage.getByText('Only a manager changes it.')).toBeVisible();
		await expect(staffPage.getByTestId('place').first()).toBeVisible();
		await expect(staffPage.getByRole('button', { name: /^Move / })).toHaveCount(0);
		await expect(staffPage.getByRole('button', { name: 'Save' })).toHaveCount(0);
		await accessible(staffPage, 'places-staff');
		await staffCtx.close();

		// The count walks the store in the new order.
		await page.goto(`/staff/inventory/${store.id}/count`);
		await page.getByRole('button', { name: 'Start a count' }).click();
		await expect(page.getByTestId('progress-total')).toHaveText('0% counted');
		const walked = await page
			.locator('section.area')
			.evaluateAll((areas) =>
				areas.map(
					(a) =>
						`${a.querySelector('h2')?.firstChild?.textContent?.trim()}: ${[
							...a.querySelectorAll('.name')
						]
							.map((n) => n.textContent)
							.join(', ')}`
				)
			);
		// Then "Other": what is stocked in the store without a place. Which items that is depends
		// on the tests before this one (a level row at 0 counts as stocked), so it comes from the
		// API rather than from this test.
		const unplaced = (await call<{ unplaced: { item_name: string }[] }>(page, 'GET', placesUrl))
			.unplaced;
		const other = unplaced.length ? [`Other: ${unplaced.map((u) => u.item_name).join(', ')}`] : [];
		expect(walked).toEqual([
			'Meat: Beef sirloin, Chicken thigh, boneless',
			'Seafood: Corvina fillet',
			'Produce: Red onion, Ají amarillo paste',
			'Back shelf: Limes',
			...other
		]);
		const pulled = await call<{ documents: { id: string; store_id: string; status: string }[] }>(
			page,
			'GET',
			`/api/v1/sync/count_sessions-v1/pull?location_id=${(await call<{ location_id: string }>(page, 'GET', `/api/v1/stores/${store.id}`)).location_id}&limit=1000`
		);
		countId = pulled.documents.find((d) => d.store_id === store.id && d.status === 'open')!.id;
		await accessible(page, 'places-count-walk');
	} finally {
		// Leave the demo data as it was: no open count, the original places.
		if (countId) await call(page, 'POST', `/api/v1/counts/${countId}/cancel`, {});
		const now = (await call<Walk>(page, 'GET', placesUrl)).places;
		for (const p of now)
			if (!original.some((o) => o.item_id === p.item_id))
				await call(page, 'DELETE', `${placesUrl}/${p.item_id}`);
		for (const o of original)
			await call(page, 'PUT', `${placesUrl}/${o.item_id}`, {
				area: o.area,
				area_order: o.area_order,
				shelf_order: o.shelf_order
			});
	}
	const restored = (await call<Walk>(page, 'GET', placesUrl)).places;
	expect(restored).toEqual(original);
});

test('shelf order follows changes made elsewhere, and asks before unsaved edits are left', async ({
	page
}) => {
	test.setTimeout(180_000);
	await signInWithPasskey(page, 'manager');
	const stores = await call<{ id: string; name: string }[]>(page, 'GET', '/api/v1/stores');
	const store = stores.find((s) => s.name === 'Bar')!;
	const placesUrl = `/api/v1/stores/${store.id}/places`;
	const before = await call<Walk & { places: Place[] }>(page, 'GET', placesUrl);
	const ids = [...before.places, ...before.unplaced].map((p) => p.item_id);
	expect(ids.length).toBe(2);
	const name = async (id: string) =>
		(await call<{ name: string }>(page, 'GET', `/api/v1/items/${id}`)).name;
	const [a, b] = [await name(ids[0]), await name(ids[1])];
	const put = (places: { item_id: string; area: string }[]) =>
		call(page, 'PUT', placesUrl, { places });

	try {
		// A known start: both on one shelf, a then b.
		await put([
			{ item_id: ids[0], area: 'Fridge' },
			{ item_id: ids[1], area: 'Fridge' }
		]);
		await page.goto(`/staff/inventory/${store.id}/places`);
		await expect.poll(() => shownWalk(page)).toEqual([`Fridge: ${a}, ${b}`]);

		// Nothing edited here: another manager's save shows by itself.
		await put([
			{ item_id: ids[1], area: 'Fridge' },
			{ item_id: ids[0], area: 'Fridge' }
		]);
		await expect.poll(() => shownWalk(page)).toEqual([`Fridge: ${b}, ${a}`]);
		await expect(page.getByText('All changes saved')).toBeVisible();
		await expect(page.getByTestId('changed-elsewhere')).toHaveCount(0);

		// Our own save is not "someone else": edit, save, edit again, and no warning comes.
		await page.getByRole('button', { name: `Move ${a} up` }).click();
		await page.getByRole('button', { name: 'Save', exact: true }).click();
		await expect(page.getByText('All changes saved')).toBeVisible();
		await page.getByRole('button', { name: `Move ${a} down` }).click();
		await expect(page.getByText('Unsaved changes')).toBeVisible();
		await page.waitForTimeout(1500);
		await expect(page.getByTestId('changed-elsewhere')).toHaveCount(0);

		// Edits here, then a change elsewhere: the edits stay, and the screen says what happened.
		await put([
			{ item_id: ids[0], area: 'Fridge' },
			{ item_id: ids[1], area: 'Back bar' }
		]);
		await expect(page.getByTestId('changed-elsewhere')).toContainText(
			"Someone else changed this store's shelf order while you were editing."
		);
		// Said by the Save button too, for a manager scrolled far from the top.
		await expect(page.getByText('Changed elsewhere: Save replaces theirs')).toBeVisible();
		expect(await shownWalk(page)).toEqual([`Fridge: ${b}, ${a}`]);
		await accessible(page, 'places-changed-elsewhere');

		// Back with unsaved edits asks first; "stay" keeps the edits on screen.
		let asked = '';
		page.once('dialog', (d) => {
			asked = d.message();
			void d.dismiss();
		});
		await page.getByRole('link', { name: /back/i }).first().click();
		await expect.poll(() => asked).toContain('Leave without saving?');
		await expect(page).toHaveURL(new RegExp(`/staff/inventory/${store.id}/places$`));
		expect(await shownWalk(page)).toEqual([`Fridge: ${b}, ${a}`]);

		// Discard shows theirs; then leaving needs no question.
		await page.getByRole('button', { name: 'Discard' }).click();
		await expect.poll(() => shownWalk(page)).toEqual([`Fridge: ${a}`, `Back bar: ${b}`]);
		await expect(page.getByTestId('changed-elsewhere')).toHaveCount(0);
		page.once('dialog', (d) => {
			asked = 'asked again: ' + d.message();
			void d.dismiss();
		});
		asked = '';
		await page.getByRole('link', { name: /back/i }).first().click();
		await expect(page).toHaveURL(/\/staff\/inventory$/);
		expect(asked).toBe('');
	} finally {
		// As it was: the same places (or none), in the same order.
		await call(page, 'PUT', placesUrl, {
			places: before.places.map((p) => ({ item_id: p.item_id, area: p.area }))
		});
	}
	const restored = await call<Walk>(page, 'GET', placesUrl);
	expect(restored.places.map((p) => [p.item_id, p.area])).toEqual(
		before.places.map((p) => [p.item_id, p.area])
	);
});

test('shelf order without signal: the last walk, edits kept through a failed save and a reload', async ({
	browser
}) => {
	test.setTimeout(240_000);
	const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const page = await ctx.newPage();
	await signInWithPasskey(page, 'manager');
	const stores = await call<{ id: string; name: string }[]>(page, 'GET', '/api/v1/stores');
	const store = stores.find((s) => s.name === 'Bar')!;
	const placesUrl = `/api/v1/stores/${store.id}/places`;
	const before = await call<Walk>(page, 'GET', placesUrl);
	// The first area with two items: its second one moves up.
	const area = before.places.find(
		(p) => before.places.filter((q) => q.area === p.area).length >= 2
	)!.area;
	const [first, second] = before.places.filter((p) => p.area === area);
	try {
		await page.goto(`/staff/inventory/${store.id}/places`);
		await serviceWorkerReady(page);
		await expect(page.getByText('All changes saved')).toBeVisible();
		const shown = await shownWalk(page);
		expect(shown.find((a) => a.startsWith(`${area}: `))).toContain(
			`${first.item_name}, ${second.item_name}`
		);

		// The walk-in: no signal. A reload shows the walk this device last saw.
		await ctx.setOffline(true);
		await page.reload();
		const banner = page.getByRole('alert').filter({ hasText: /Offline since \d\d:\d\d/ });
		await expect(banner).toContainText(
			'Showing the shelf order as this device last saw it. Your changes are kept here'
		);
		expect(await shownWalk(page)).toEqual(shown);
		await page.getByRole('button', { name: `Move ${second.item_name} up` }).click();
		const edited = await shownWalk(page);
		expect(edited.find((a) => a.startsWith(`${area}: `))).toContain(
			`${second.item_name}, ${first.item_name}`
		);
		// Save without signal fails in words; the order is kept, through a reload too.
		await page.getByRole('button', { name: 'Save', exact: true }).click();
		await expect(page.getByRole('alert').filter({ hasText: 'Not saved' })).toHaveText(
			'Not saved yet: no signal. Your order is kept on this device; Save again when the network is back.'
		);
		page.once('dialog', (d) => void d.accept());
		await page.reload();
		await expect(banner).toBeVisible();
		expect(await shownWalk(page)).toEqual(edited);
		await expect(page.getByRole('button', { name: 'Save', exact: true })).toBeEnabled();
		await accessible(page, 'places-offline');

		// Signal back: the server's walk (unchanged meanwhile) is read, the edits stay; Save.
		await ctx.setOffline(false);
		await expect(banner).toHaveCount(0, { timeout: 60_000 });
		expect(await shownWalk(page)).toEqual(edited);
		await expect(page.getByTestId('changed-elsewhere')).toHaveCount(0);
		await page.getByRole('button', { name: 'Save', exact: true }).click();
		await expect(page.getByText('All changes saved')).toBeVisible();
		const after = await call<Walk>(page, 'GET', placesUrl);
		const ids = after.places.filter((p) => p.area === area).map((p) => p.item_id);
		expect(ids.indexOf(second.item_id)).toBeLessThan(ids.indexOf(first.item_id));
		// Saved, nothing is kept on the device any more: a reload shows the server's walk, clean.
		await page.reload();
		await expect(page.getByText('All changes saved')).toBeVisible();
	} finally {
		await call(page, 'PUT', placesUrl, {
			places: before.places.map((p) => ({ item_id: p.item_id, area: p.area }))
		});
		await ctx.close();
	}
});
