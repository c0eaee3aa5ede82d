import { describe, expect, it } from 'vitest';
import { elapsed, fill, pickLang, STRINGS } from './i18n';

describe('diner i18n', () => {
	it('picks the first supported language, Spanish by default', () => {
		expect(pickLang(['en-US', 'es'])).toBe('en');
		expect(pickLang(['fr-FR', 'es-PE'])).toBe('es');
		expect(pickLang(['de'])).toBe('es');
		expect(pickLang(['en;q=0.8'])).toBe('en');
	});
	it('has every string in both languages', () => {
		expect(Object.keys(STRINGS.es).sort()).toEqual(Object.keys(STRINGS.en).sort());
		for (const v of Object.values(STRINGS.es)) expect(v.length).toBeGreaterThan(0);
	});
	it('fills and formats', () => {
		expect(fill('Add {name}', { name: 'Ceviche' })).toBe('Add Ceviche');
		expect(elapsed(65_000)).toBe('1:05 min');
		expect(elapsed(9_000)).toBe('9 s');
	});
});
