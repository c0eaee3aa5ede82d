import { describe, expect, it } from 'vitest';
import { elapsed, fill, money, pickLang, STRINGS } from './i18n';

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
	it('formats prices in the location currency with Intl, S/ for soles in both languages', () => {
		const plain = (s: string) => s.replace(/\s/g, ' ');
		expect(plain(money(3250, 'es', 'PEN'))).toBe('S/ 32.50');
		expect(plain(money(3250, 'en', 'PEN'))).toBe('S/ 32.50');
		expect(money(3250, 'en', 'USD')).toBe('$32.50');
		expect(money(3250, 'en', 'EUR')).toBe('€32.50');
		expect(plain(money(3250, 'es'))).toBe('S/ 32.50'); // locations default to PEN
		expect(money(3250, 'en', 'ZZZ')).toMatch(/ZZZ\s?32\.50/); // unknown: the code, no crash
	});
});
