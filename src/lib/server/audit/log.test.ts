import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from '../http/csv';
import { CSV_HEADER, csvRow, type AuditRow } from './log';

const row = (over: Partial<AuditRow>): AuditRow => ({
	id: '00000000-0000-4000-8000-000000000001',
	actor_id: '00000000-0000-4000-8000-000000000002',
	actor_name: 'Ana Admin',
	actor_email: 'ana@example.test',
	actor_role: 'admin',
	action: 'create',
	entity: 'item',
	entity_id: '00000000-0000-4000-8000-000000000003',
	entity_name: 'Chicken, "thigh"',
	location_id: null,
	location_name: null,
	before: null,
	after: null,
	created_at: '2026-06-01T12:00:00.000Z',
	...over
});

describe('audit CSV', () => {
	it('writes names, RFC 4180 quoting and CRLF lines, one row per entry', () => {
		const text = toCsv(CSV_HEADER, [csvRow(row({}))]);
		expect(text.endsWith('\r\n')).toBe(true);
		expect(text).toContain('"Chicken, ""thigh"""');
		const [header, line] = parseCsv(text);
		expect(header).toEqual([...CSV_HEADER]);
		expect(line[1]).toBe('Ana Admin');
		expect(line[6]).toBe('Chicken, "thigh"');
		expect(line[0]).toBe('2026-06-01T12:00:00.000Z');
	});
	it('neutralises a name that a spreadsheet would run as a formula', () => {
		const text = toCsv(CSV_HEADER, [
			csvRow(row({ actor_name: '=HYPERLINK("x")', entity_name: '+1' }))
		]);
		const [, line] = parseCsv(text);
		expect(line[1]).toBe(`'=HYPERLINK("x")`);
		expect(line[6]).toBe(`'+1`);
	});
	it('names the system when there is no actor', () => {
		const [, line] = parseCsv(
			toCsv(CSV_HEADER, [csvRow(row({ actor_id: null, actor_name: null, actor_email: null }))])
		);
		expect(line[1]).toBe('system');
	});
});
