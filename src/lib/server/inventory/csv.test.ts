import { describe, expect, it } from 'vitest';
import { csvCell, parseCsv, toCsv } from './csv';

describe('csv', () => {
	it('quotes commas, quotes and line breaks (RFC 4180) and ends every line with CRLF', () => {
		expect(csvCell('plain')).toBe('plain');
		expect(csvCell('a,b')).toBe('"a,b"');
		expect(csvCell('say "hi"')).toBe('"say ""hi"""');
		expect(csvCell('two\nlines')).toBe('"two\nlines"');
		expect(csvCell(null)).toBe('');
		expect(toCsv(['a', 'b'], [['x', 1.5]])).toBe('a,b\r\nx,1.5\r\n');
	});

	it('neutralises spreadsheet formulas in text cells, not in numbers', () => {
		expect(csvCell('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
		expect(csvCell('+1')).toBe("'+1");
		expect(csvCell('-2+3')).toBe("'-2+3");
		expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
		expect(csvCell('\tx')).toBe("'\tx");
		expect(csvCell('\rx')).toBe('"\'\rx"');
		expect(csvCell(-4.5)).toBe('-4.5');
		expect(() => csvCell(NaN)).toThrow();
	});

	it('keeps UTF-8 text as is and round-trips through the parser', () => {
		const rows = [
			['Ají amarillo, paste', 'kg', 3],
			['Pollo "entero"', 'ea', -1.25],
			['=cmd', 'lb\r\nx', 0]
		];
		const parsed = parseCsv(toCsv(['name', 'unit', 'n'], rows));
		expect(parsed).toEqual([
			['name', 'unit', 'n'],
			['Ají amarillo, paste', 'kg', '3'],
			['Pollo "entero"', 'ea', '-1.25'],
			["'=cmd", 'lb\r\nx', '0']
		]);
	});
});
