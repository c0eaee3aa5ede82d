// <html lang> must say the language the page is rendered in (screen readers, translation):
// staff and sign-in pages are English whatever the browser prefers; diner pages start Spanish.
import { describe, expect, inject, it } from 'vitest';

const base = inject('baseUrl');
const langOf = async (path: string, acceptLanguage: string) => {
	const r = await fetch(`${base}${path}`, { headers: { 'accept-language': acceptLanguage } });
	return /<html lang="([^"]*)"/.exec(await r.text())?.[1];
};

describe('<html lang>', () => {
	it('is English on home, login and invite pages, Spanish on the diner pages', async () => {
		for (const accept of ['es-PE,es;q=0.9', 'en-US,en;q=0.9', '']) {
			expect(await langOf('/', accept)).toBe('en');
			expect(await langOf('/login', accept)).toBe('en');
			expect(await langOf('/invite/not-a-token', accept)).toBe('en');
			expect(await langOf('/some-branch/some-branch-1', accept)).toBe('es');
			expect(await langOf('/join', accept)).toBe('es');
		}
	});
});
