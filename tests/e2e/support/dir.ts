/** The run's private directory (bootstrap URL, seeded users), made by playwright.config.ts. */
export function e2eDir(): string {
	const dir = process.env.E2E_DIR;
	if (!dir) throw new Error('E2E_DIR is not set: run the e2e tests through playwright.config.ts');
	return dir;
}
