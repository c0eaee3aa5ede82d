// `npm install` on the committed lock file must leave the tree clean: the lock is in the order
// npm writes it, and scripts/complete-lockfile.mjs (run after installs) keeps that order.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// npm (arborist) sorts package locations with an 'en' locale compare, the root ('') first.
const npmOrder = (a: string, b: string) =>
	a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en');

describe('package-lock.json', () => {
	const text = fs.readFileSync('package-lock.json', 'utf8');

	it('lists packages in the order npm writes them', () => {
		const keys = Object.keys(JSON.parse(text).packages);
		expect(keys).toEqual([...keys].sort(npmOrder));
	});

	it('is left byte-identical by scripts/complete-lockfile.mjs', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-lock-'));
		try {
			const copy = path.join(dir, 'package-lock.json');
			fs.writeFileSync(copy, text);
			execFileSync(process.execPath, ['scripts/complete-lockfile.mjs', copy]);
			expect(fs.readFileSync(copy, 'utf8')).toBe(text);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
