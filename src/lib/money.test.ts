import { describe, expect, it } from 'vitest';
import { formatMoney, staffMoney } from './money';

const plain = (s: string) => s.replace(/\u00a0/g, ' ');

describe('formatMoney', () => {
	it('writes cents in the currency, borrowing the Peruvian symbol where English has none', () => {
		expect(plain(formatMoney(31120, 'en-US', 'PEN'))).toBe('S/ 311.20');
		expect(formatMoney(31120, 'en-US', 'USD')).toBe('$311.20');
		expect(formatMoney(-250, 'en-US', 'EUR')).toBe('-€2.50');
	});
	it('rounds to whole units when asked (a chart axis)', () => {
		expect(plain(formatMoney(58_449, 'en-US', 'PEN', { whole: true }))).toBe('S/ 584');
		expect(formatMoney(50, 'en-US', 'USD', { whole: true })).toBe('$1');
	});
	it('an unknown currency is the code and the amount, never a crash', () => {
		expect(formatMoney(3250, 'en-US', 'ZZZ')).toMatch(/ZZZ\s?32\.50/);
	});
});

describe('staffMoney', () => {
	it('is English in the location currency, and a dash when the amount is not known', () => {
		expect(plain(staffMoney(123_450, 'PEN'))).toBe('S/ 1,234.50');
		expect(staffMoney(null, 'PEN')).toBe('—');
		expect(staffMoney(undefined, 'USD')).toBe('—');
	});
});
