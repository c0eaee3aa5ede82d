// Measures the JavaScript a diner's phone downloads on first load of /{branch}/{table}: the
// Kit entry points, the root layout and the diner page node, with every static import, gzip
// sized as served (precompressed). Writes bench/results/diner-bundle.json; exits 1 above the
// budget (DINER_JS_BUDGET_KB, default 100).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { scriptConfig } from '../src/lib/server/config';

interface Chunk {
	file: string;
	imports?: string[];
	css?: string[];
	isEntry?: boolean;
}

export function measureDinerBundle(root = process.cwd()) {
	const out = path.join(root, '.svelte-kit/output/client');
	const manifest: Record<string, Chunk> = JSON.parse(
		fs.readFileSync(path.join(out, '.vite/manifest.json'), 'utf8')
	);
	const nodesDir = path.join(root, '.svelte-kit/generated/client-optimized/nodes');
	const nodeOf = (needle: string) => {
		for (const f of fs.readdirSync(nodesDir)) {
			if (fs.readFileSync(path.join(nodesDir, f), 'utf8').includes(needle)) {
				return `.svelte-kit/generated/client-optimized/nodes/${f}`;
			}
		}
		throw new Error(`no client node imports ${needle}`);
	};
	const roots = [
		'node_modules/@sveltejs/kit/src/runtime/client/entry.js',
		'.svelte-kit/generated/client-optimized/app.js',
		nodeOf('src/routes/+layout.svelte'),
		nodeOf('src/routes/[branchSlug]/[tableCode]/+page.svelte')
	];
	const seen = new Set<string>();
	const files: { file: string; bytes: number; gzip: number }[] = [];
	const visit = (key: string) => {
		if (seen.has(key)) return;
		seen.add(key);
		const c = manifest[key];
		if (!c) throw new Error(`not in the Vite manifest: ${key}`);
		const buf = fs.readFileSync(path.join(out, c.file));
		files.push({ file: c.file, bytes: buf.length, gzip: zlib.gzipSync(buf, { level: 9 }).length });
		for (const i of c.imports ?? []) visit(i);
	};
	roots.forEach(visit);
	const gzip = files.reduce((s, f) => s + f.gzip, 0);
	return {
		route: '/[branchSlug]/[tableCode]',
		files: files.length,
		bytes: files.reduce((s, f) => s + f.bytes, 0),
		gzip,
		kb: +(gzip / 1024).toFixed(1)
	};
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const budget = scriptConfig.dinerJsBudgetKb;
	const r = measureDinerBundle();
	fs.mkdirSync('bench/results', { recursive: true });
	fs.writeFileSync(
		'bench/results/diner-bundle.json',
		JSON.stringify({ ...r, budgetKb: budget, measuredAt: new Date().toISOString() }, null, '\t') +
			'\n'
	);
	console.log(`diner first-load JS: ${r.kb} KB gzip in ${r.files} files (budget ${budget} KB)`);
	if (r.kb > budget) process.exit(1);
}
