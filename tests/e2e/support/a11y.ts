import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { shot } from './passkeys';

/** No serious or critical axe violation on the page as it is now; then a screenshot to look at. */
export async function accessible(page: Page, name: string) {
	const results = await new AxeBuilder({ page }).analyze();
	const serious = results.violations.filter(
		(v) => v.impact === 'serious' || v.impact === 'critical'
	);
	expect(
		serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`),
		name
	).toEqual([]);
	await shot(page, name);
}
