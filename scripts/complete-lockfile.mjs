#!/usr/bin/env node
// The npm registry mirror on our build machines serves only the platform packages that match
// the host (linux-x64), so `npm install` writes a package-lock.json without the other
// platforms' optional binaries (rollup, esbuild, ...), and `npm ci` then refuses the lock as
// out of sync. This adds the missing optional entries, with os/cpu read off the package
// name, so npm ci skips them as foreign platforms on every machine. Run after `npm install`.
import fs from 'node:fs';

const file = process.argv[2] ?? 'package-lock.json';
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const pkgs = lock.packages;

const OS = [
	'android',
	'darwin',
	'freebsd',
	'linux',
	'openbsd',
	'netbsd',
	'sunos',
	'win32',
	'aix',
	'openharmony',
	'wasi'
];
const CPU = [
	'arm64',
	'arm',
	'x64',
	'ia32',
	'ppc64',
	'riscv64',
	's390x',
	'loong64',
	'mips64el',
	'x32',
	'wasm32'
];
const ALIASES = {
	win: 'win32',
	windows: 'win32',
	macos: 'darwin',
	mac: 'darwin',
	aarch64: 'arm64',
	x86_64: 'x64',
	amd64: 'x64',
	loongarch64: 'loong64',
	ppc: 'ppc64'
};

function platformOf(name) {
	const parts = name
		.split('/')
		.pop()
		.split('-')
		.map((p) => ALIASES[p] ?? p);
	const os = parts.find((p) => OS.includes(p));
	const cpu = parts.find((p) => CPU.includes(p));
	const out = {};
	if (os) out.os = [os === 'aix' ? 'aix' : os];
	if (cpu) out.cpu = [cpu];
	if (parts.includes('musl')) out.libc = ['musl'];
	else if (parts.includes('gnu') || parts.includes('gnueabihf')) out.libc = ['glibc'];
	return out;
}

let added = 0;
for (const [loc, meta] of Object.entries(pkgs)) {
	for (const [dep, spec] of Object.entries(meta.optionalDependencies ?? {})) {
		const base = loc ? `${loc}/node_modules/${dep}` : `node_modules/${dep}`;
		if (pkgs[base] || pkgs[`node_modules/${dep}`]) continue;
		const version = String(spec).replace(/^[\^~=]/, '');
		if (!/^\d+\.\d+\.\d+/.test(version)) continue;
		const plat = platformOf(dep);
		if (!plat.os && !plat.cpu) continue; // not a platform binary: leave it to npm
		pkgs[`node_modules/${dep}`] = { version, optional: true, ...plat };
		added++;
	}
}
// The order npm itself writes (arborist: an 'en' locale compare, root first). A plain code-point
// sort put "node_modules/uWebSockets.js" elsewhere, so every `npm install` reordered the lock.
const sorted = Object.fromEntries(
	Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en')))
);
lock.packages = sorted;
fs.writeFileSync(file, JSON.stringify(lock, null, '\t') + '\n');
console.log(`complete-lockfile: added ${added} foreign-platform optional entries`);
