import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALPHABET, LENGTH, generate, normalise } from '../../shared/tablecode';

describe('table short codes', () => {
	it('has no ambiguous characters', () => {
		for (const c of '0O1IL') expect(ALPHABET).not.toContain(c);
		expect(new Set(ALPHABET).size).toBe(ALPHABET.length);
	});
	it('generates five characters from the alphabet, spread over all of it', () => {
		const seen = new Set<string>();
		for (let i = 0; i < 2000; i++) {
			const c = generate();
			expect(c).toMatch(new RegExp(`^[${ALPHABET}]{${LENGTH}}$`));
			for (const ch of c) seen.add(ch);
		}
		expect(seen.size).toBe(ALPHABET.length);
	});
	it('uses the random source it is given', () => {
		expect(generate(() => 0)).toBe('22222');
		expect(generate((n) => n - 1)).toBe('ZZZZZ');
	});
	it('normalises what a guest types: case, spaces, dashes', () => {
		expect(normalise('ab3xy')).toBe('AB3XY');
		expect(normalise(' ab 3-xy ')).toBe('AB3XY');
		expect(normalise('ＡＢ３ＸＹ')).toBe('AB3XY');
	});
	it('refuses what cannot be a code, look-alikes included', () => {
		for (const bad of ['', 'AB3X', 'AB3XYZ', 'AB0XY', 'ABOXY', 'AB1XY', 'ABIXY', 'ABLXY', 'AB#XY'])
			expect(normalise(bad), bad).toBeNull();
	});
	it('matches the alphabet of the migration that backfills codes', () => {
		const sql = fs.readFileSync('sql/00026_add_table_short_code.sql', 'utf8');
		expect(sql).toContain(`'${ALPHABET}'`);
	});
});
