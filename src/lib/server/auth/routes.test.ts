// The route table and the route files agree: every exported method of every API route file
// was built from its own row (gated/open/asDiner), and every row has a handler. Deleting a row
// makes its route file fail to load; adding a route file without a row fails here too.
import { describe, expect, it } from 'vitest';
import { ROUTES, rowOf } from './routes';

// Every name SvelteKit treats as a request handler in +server.ts.
const HANDLER_EXPORTS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'fallback'];

const files = import.meta.glob('/src/routes/api/**/+server.ts');

/** /src/routes/api/v1/stores/[storeID]/+server.ts → /api/v1/stores/{storeID} */
function pathOf(file: string): string {
	const segments = file
		.replace(/^\/src\/routes/, '')
		.replace(/\/\+server\.ts$/, '')
		.split('/')
		.filter((s) => !/^\(.+\)$/.test(s)); // (group) folders are not in the URL
	return segments.map((s) => s.replace(/^\[(\w+)\]$/, '{$1}')).join('/') || '/';
}

interface Found {
	handlers: Set<string>;
	problems: string[];
}

async function scan(): Promise<Found> {
	const handlers = new Set<string>();
	const problems: string[] = [];
	for (const [file, load] of Object.entries(files)) {
		const path = pathOf(file);
		if (/[[\]]/.test(path)) {
			problems.push(`${file}: optional/rest parameters are not in the route table's syntax`);
			continue;
		}
		let mod: Record<string, unknown>;
		try {
			mod = (await load()) as Record<string, unknown>;
		} catch (e) {
			// spec() throws while the module loads when its row is missing.
			problems.push(`${file}: ${(e as Error).message}`);
			continue;
		}
		for (const name of HANDLER_EXPORTS.filter((n) => n in mod)) {
			const row = rowOf(mod[name]);
			if (!row) {
				problems.push(`${name} ${path} is exported without a route-table gate (${file})`);
			} else if (row.method !== name || row.path !== path) {
				problems.push(
					`${name} ${path} is built from the row of ${row.method} ${row.path} (${file})`
				);
			} else {
				handlers.add(`${name} ${path}`);
			}
		}
	}
	return { handlers, problems };
}

describe('route table ↔ route files', () => {
	it('every exported method has its row, every row has its handler', async () => {
		const { handlers, problems } = await scan();
		const rowsWithoutHandler = ROUTES.map((r) => `${r.method} ${r.path}`)
			.filter((k) => !handlers.has(k))
			.map((k) => `row ${k} has no handler in src/routes`);
		expect([...problems, ...rowsWithoutHandler]).toEqual([]);
		// Sanity: the glob found the route files (a broken glob would pass vacuously).
		expect(handlers.size).toBe(ROUTES.length);
	}, 60_000);

	it('covers all three families', () => {
		const families = new Set(ROUTES.map((r) => r.path.split('/').slice(0, 3).join('/')));
		expect([...families].sort()).toEqual([
			'/api/customer',
			'/api/realtime-config',
			'/api/tables',
			'/api/v1'
		]);
		expect(ROUTES.filter((r) => r.gate === 'diner').length).toBeGreaterThan(0);
	});

	it('maps folder names to the table syntax', () => {
		expect(pathOf('/src/routes/api/v1/stores/[storeID]/+server.ts')).toBe(
			'/api/v1/stores/{storeID}'
		);
		expect(pathOf('/src/routes/api/(x)/tables/+server.ts')).toBe('/api/tables');
	});
});
