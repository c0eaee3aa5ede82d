// One fresh database and one built web server for the integration run.
import type { TestProject } from 'vitest/node';
import { ensureBuild } from '../../scripts/lib/build';
import { createTestDatabase } from '../support/db';
import { startWeb } from '../support/server';
import { SAAVOR_TEST_SECRET } from '../support/saavor';

declare module 'vitest' {
	export interface ProvidedContext {
		baseUrl: string;
		databaseUrl: string;
		dbKind: 'postgres' | 'pglite';
	}
}

export default async function setup(project: TestProject) {
	ensureBuild();
	const db = await createTestDatabase('pt_it');
	const web = await startWeb(db.url, {
		PREPTABLE_EMBEDDED: db.kind === 'pglite' ? '1' : '0',
		SAAVOR_WEBHOOK_SECRET: SAAVOR_TEST_SECRET,
		// Diner streams re-check their session this often (diner-stream.test.ts waits for it).
		SSE_RECHECK_MS: '1000'
	});
	project.provide('baseUrl', web.url);
	project.provide('databaseUrl', db.url);
	project.provide('dbKind', db.kind);
	console.log(`integration: ${db.kind} database, web server at ${web.url}`);
	return async () => {
		await web.stop();
		await db.drop();
	};
}
