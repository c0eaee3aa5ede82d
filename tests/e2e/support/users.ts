import path from 'node:path';
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { virtualAuthenticator } from './passkeys';
import { e2eDir } from './dir';

export interface E2eUser {
	email: string;
	credential: Record<string, unknown>;
}

export function e2eUsersFile() {
	return path.join(e2eDir(), 'users.json');
}

export function e2eFixtures(): {
	locationId: string;
	users: Record<'staff' | 'manager', E2eUser>;
	/** The demo location's kiosk token (signage). */
	kioskToken: string;
	/** An open admin invitation URL (single use: one test registers with it). */
	adminInvite: string;
} {
	return JSON.parse(fs.readFileSync(e2eUsersFile(), 'utf8'));
}

/** Signs in through the login screen with a passkey held by Chromium's virtual authenticator. */
export async function signInWithPasskey(page: Page, role: 'staff' | 'manager') {
	const user = e2eFixtures().users[role];
	const device = await virtualAuthenticator(page);
	// The server refuses a signature counter that does not grow (a cloned key); each test
	// puts the same seeded passkey on a fresh device, so start its counter from the clock.
	await device.add({ ...user.credential, signCount: Math.floor(Date.now() / 100) % 2 ** 31 });
	await page.goto('/login');
	await page.getByRole('button', { name: 'Sign in with passkey' }).click();
	await page.waitForURL(/\/account/);
}
