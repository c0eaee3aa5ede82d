// What someone running `npm start` for the first time sees of the build: one line when it
// works, the whole log when it fails. A stand-in for Vite prints what a real build prints.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const buildModule = path.resolve('scripts/lib/build.ts');

function fakeProject(exitCode: number) {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-build-'));
	fs.mkdirSync(path.join(root, 'src'));
	fs.writeFileSync(path.join(root, 'src', 'app.html'), '<html></html>');
	fs.mkdirSync(path.join(root, 'node_modules/vite/bin'), { recursive: true });
	fs.writeFileSync(
		path.join(root, 'node_modules/vite/bin/vite.js'),
		`for (let i = 0; i < 200; i++) console.log('.svelte-kit/output/client/_app/immutable/chunks/c' + i + '.js  1.2 kB');
		console.warn('"x" is imported from external module "y" but never used');
		console.log('Run npm run preview to preview your production build locally.');
		if (${exitCode}) { console.error('error: the thing broke'); }
		require('node:fs').mkdirSync('build', { recursive: true });
		process.exit(${exitCode});`
	);
	return root;
}

function ensureBuildIn(root: string) {
	return spawnSync(
		process.execPath,
		[
			'--import',
			'tsx',
			'--input-type=module',
			'-e',
			`import { ensureBuild } from ${JSON.stringify(buildModule)};
			try { ensureBuild(${JSON.stringify(root)}); } catch (e) { console.error('FATAL', e.message); process.exit(1); }`
		],
		{ encoding: 'utf8' }
	);
}

describe('build output on first start', () => {
	it('prints a one-line summary and keeps the full log in a file', () => {
		const root = fakeProject(0);
		try {
			const r = ensureBuildIn(root);
			expect(r.status).toBe(0);
			const out = r.stdout + r.stderr;
			expect(out.trim().split('\n')).toHaveLength(2); // "Building…" and "Built … (full log: …)"
			expect(out).toMatch(/Built PrepTable in \d+ s \(full log: .*preptable-build\.log\)/);
			expect(out).not.toContain('npm run preview');
			expect(out).not.toContain('never used');
			const log = fs.readFileSync(path.join(root, '.svelte-kit/preptable-build.log'), 'utf8');
			expect(log.split('\n').length).toBeGreaterThan(200);
			expect(log).toContain('npm run preview');
		} finally {
			fs.rmSync(root, { recursive: true, force: true });
		}
	}, 60_000);

	it('prints the whole log when the build fails', () => {
		const root = fakeProject(1);
		try {
			const r = ensureBuildIn(root);
			expect(r.status).toBe(1);
			const out = r.stdout + r.stderr;
			expect(out).toContain('error: the thing broke');
			expect(out).toContain('c199.js');
			expect(out).toMatch(
				/FATAL build failed \(exit 1\); the output above is kept in .*preptable-build\.log/
			);
		} finally {
			fs.rmSync(root, { recursive: true, force: true });
		}
	}, 60_000);
});
