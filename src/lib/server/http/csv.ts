// CSV for the exports (inventory reports, the audit log): RFC 4180 (comma separated, CRLF line ends, fields with a comma,
// quote, CR or LF quoted with quotes doubled), UTF-8, and safe to open in a spreadsheet: a text
// cell starting with = + - @ tab or CR would be read as a formula (CSV injection, OWASP), so it
// gets a leading apostrophe. Numbers are ours, not user text, and are written as they are
// (a negative quantity stays a number).

export type Cell = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: Cell): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new Error(`not a CSV number: ${value}`);
		return String(value);
	}
	let s = value;
	if (FORMULA_START.test(s)) s = `'${s}`;
	return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The whole document: a header row, then one line per row, every line ending in CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
	return [header, ...rows].map((r) => r.map(csvCell).join(',') + '\r\n').join('');
}

/** A download response for a CSV document. */
export function csvResponse(body: string, filename: string): Response {
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename=${filename}`,
			'cache-control': 'no-store'
		}
	});
}

/** Parses what toCsv writes (tests, and to compare CSV with JSON row for row). */
export function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (c === '"') quoted = false;
			else cell += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') {
			row.push(cell);
			cell = '';
		} else if (c === '\r' && text[i + 1] === '\n') {
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
			i++;
		} else cell += c;
	}
	if (cell !== '' || row.length) {
		row.push(cell);
		rows.push(row);
	}
	return rows;
}
