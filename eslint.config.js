import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import ts from 'typescript-eslint';
import fs from 'node:fs';
import path from 'node:path';
import svelteConfig from './svelte.config.js';

const ROOT = import.meta.dirname;

// Import boundaries (DESIGN.md, "Layers and ownership"), as no-restricted-imports patterns:
//   src/lib/shared/**   imports nothing from server, browser or route code (packages only)
//   src/lib/server/**, src/realtime/**   never import browser folders (src/lib/* but shared
//                       and server)
//   nothing imports a route (src/routes/**)
// Relative specifiers are matched by what they resolve to: one config block per directory,
// computed from the tree when ESLint starts (so new folders are covered without editing this),
// each listing every pattern for its files (ESLint replaces, not merges, a rule's options).
function boundaries() {
	const SKIP = new Set(['node_modules', '.svelte-kit', 'build', 'data', 'test-results']);
	const dirs = [];
	const walk = (dir) => {
		dirs.push(dir);
		for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
			if (e.isDirectory() && !SKIP.has(e.name) && !e.name.startsWith('.')) walk(`${dir}/${e.name}`);
		}
	};
	for (const top of ['src', 'tests', 'scripts']) if (fs.existsSync(path.join(ROOT, top))) walk(top);

	const esc = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
	const rel = (from, to) => path.posix.relative(from, to) || '.';
	const inside = (dir, root) => dir === root || dir.startsWith(`${root}/`);
	const ROUTE = 'imports a route: routes are entry points; move what you need to src/lib';
	const BROWSER =
		'server code imports a browser folder: move the shared part to src/lib/shared (DESIGN.md, Layers)';
	const SHARED =
		'src/lib/shared imports nothing but packages and itself (it is spoken by server and browser)';

	return dirs.map((dir) => {
		const patterns = [];
		if (inside(dir, 'src/routes')) {
			// Colocated components are fine; another route's module is not.
			patterns.push({ regex: '(^|/)\\+(page|layout|server|error)', message: ROUTE });
		} else {
			patterns.push({ regex: `^${esc(rel(dir, 'src/routes'))}(/|$)`, message: ROUTE });
		}
		if (inside(dir, 'src/lib/server') || inside(dir, 'src/realtime')) {
			patterns.push(
				{ regex: '^\\$lib(/(?!(server|shared)(/|$))|$)', message: BROWSER },
				{
					regex: `^${esc(rel(dir, 'src/lib'))}/(?!(server|shared|\\.\\.)(/|$))`,
					message: BROWSER
				}
			);
		}
		if (inside(dir, 'src/lib/shared')) {
			const up = rel(dir, 'src/lib/shared');
			patterns.push(
				{ regex: '^\\$lib(/(?!shared(/|$))|$)', message: SHARED },
				{ regex: '^\\$(app|env|service-worker)(/|$)', message: SHARED },
				{ regex: '^node:', message: SHARED },
				{ regex: up === '.' ? '^\\.\\.(/|$)' : `^${esc(up)}/\\.\\.(/|$)`, message: SHARED }
			);
		}
		return {
			// Folder names like [branchSlug] or (group) are literal here, not glob syntax.
			files: [`${dir.replace(/[[\](){}*?!+@]/g, '\\$&')}/*.{js,ts,svelte}`],
			rules: { 'no-restricted-imports': ['error', { patterns }] }
		};
	});
}

export default ts.config(
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'no-undef': 'off',
			// No `paths.base`: plain absolute hrefs are correct and keep markup readable.
			'svelte/no-navigation-without-resolve': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	...boundaries(),
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'data/',
			'test-results/',
			'playwright-report/',
			'patches/'
		]
	}
);
