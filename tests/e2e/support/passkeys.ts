import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { e2eDir } from './dir';

/** Chromium's CDP virtual authenticator: a platform passkey with user verification. */
export async function virtualAuthenticator(page: Page) {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('WebAuthn.enable');
	const add = async () =>
		(
			await cdp.send('WebAuthn.addVirtualAuthenticator', {
				options: {
					protocol: 'ctap2',
					transport: 'internal',
					hasResidentKey: true,
					hasUserVerification: true,
					isUserVerified: true,
					automaticPresenceSimulation: true
				}
			})
		).authenticatorId;
	let id = await add();
	return {
		/** Swap in a fresh authenticator (a second device of the same person). */
		async replace() {
			await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: id });
			id = await add();
		},
		/** Puts an existing passkey (e.g. one seeded for a test user) on this device. */
		async add(credential: Record<string, unknown>) {
			await cdp.send('WebAuthn.addCredential', {
				authenticatorId: id,
				credential: credential as never
			});
		},
		async credentials() {
			return (await cdp.send('WebAuthn.getCredentials', { authenticatorId: id })).credentials;
		}
	};
}

export async function bootstrapUrl(): Promise<string> {
	const file = path.join(e2eDir(), 'bootstrap-url.txt');
	for (let i = 0; i < 50; i++) {
		if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error('no bootstrap URL was written');
}

export async function shot(page: Page, name: string) {
	// A sticky app bar is drawn where the viewport is; full-page shots start from the top.
	await page.evaluate(() => window.scrollTo(0, 0));
	await page.screenshot({ path: `tests/screenshots/${name}.png`, fullPage: true });
}
