// "Build if needed": rebuilds when any input is newer than the last successful build.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const INPUTS = [
	'src',
	'static',
	'svelte.config.js',
	'vite.config.ts',
	'package-lock.json',
	'tsconfig.json'
];
const STAMP = 'build/.preptable-build';

function newest(p: string): number {
	let st: fs.Stats;
	try {
		st = fs.statSync(p);
	} catch {
		return 0;
	}
	if (!st.isDirectory()) return st.mtimeMs;
	let max = st.mtimeMs;
	for (const e of fs.readdirSync(p)) {
		if (e.endsWith('.test.ts')) continue;
		max = Math.max(max, newest(path.join(p, e)));
	}
	return max;
}

export function buildIsStale(root = process.cwd()): boolean {
	let stamp: number;
	try {
		stamp = fs.statSync(path.join(root, STAMP)).mtimeMs;
	} catch {
		return true;
	}
	return INPUTS.some((i) => newest(path.join(root, i)) > stamp);
}

/** Where the last build's full output is kept (the terminal gets one line). */
export const BUILD_LOG = '.svelte-kit/preptable-build.log';

export function ensureBuild(root = process.cwd()): void {
	if (!buildIsStale(root)) return;
	console.log('Building PrepTable (sources changed since the last build)…');
	const log = path.join(root, BUILD_LOG);
	fs.mkdirSync(path.dirname(log), { recursive: true });
	const fd = fs.openSync(log, 'w');
	const t0 = Date.now();
	let r;
	try {
		r = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build'], {
			cwd: root,
			// Callers may run under a test runner that set NODE_ENV=test; Vite would then build
			// with Svelte's dev conditions (no service worker registration, dev warnings).
			env: { ...process.env, NODE_ENV: 'production' },
			// Hundreds of chunk-size lines and Kit's "npm run preview" hint mean nothing to someone
			// starting the product: they go to the log, which is shown in full if the build fails.
			stdio: ['ignore', fd, fd]
		});
	} finally {
		fs.closeSync(fd);
	}
	if (r.status !== 0) {
		process.stderr.write(fs.readFileSync(log, 'utf8'));
		throw new Error(
			`build failed (${r.signal ?? `exit ${r.status}`}${r.error ? `: ${r.error.message}` : ''}); ` +
				`the output above is kept in ${log}`
		);
	}
	fs.writeFileSync(path.join(root, STAMP), new Date().toISOString());
	console.log(`Built PrepTable in ${((Date.now() - t0) / 1000).toFixed(0)} s (full log: ${log})`);
}
