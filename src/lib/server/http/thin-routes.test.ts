// Routes parse, call one domain function, answer: SQL, transactions, audit rows and events
// belong to src/lib/server/<domain>/, where one module owns each aggregate's writes. This
// scans every API route file so a query or an audit call creeping back into one fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(process.cwd(), 'src/routes/api');

const RULES: { what: string; re: RegExp }[] = [
	// sql`…`, db`…`, tx`…`, db()`…`, tx<Row[]>`…` (the type may span lines): a query on a handle.
	{ what: 'SQL query', re: /\b(?:sql|db|tx)\s*(?:\(\s*\))?\s*(?:<[^`;]*?>)?\s*`/g },
	{ what: 'transaction or raw SQL', re: /\.(?:begin|savepoint|unsafe)\s*\(/g },
	// record(), recordChange(), ...: audit rows are written by the domain function.
	{ what: 'audit write', re: /\brecord\w*\s*\(/g },
	{ what: 'event emit', re: /\bemit\s*\(/g }
];

/** What a route file does that it should not, one entry per offending line. */
export function offences(source: string): string[] {
	const out: string[] = [];
	for (const r of RULES) {
		for (const m of source.matchAll(r.re)) {
			const line = source.slice(0, m.index).split('\n').length;
			out.push(`line ${line}: ${r.what}: ${m[0].replace(/\s+/g, ' ')}`);
		}
	}
	return out;
}

function routeFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
		e.isDirectory()
			? routeFiles(join(dir, e.name))
			: /\.(ts|js)$/.test(e.name)
				? [join(dir, e.name)]
				: []
	);
}

describe('API route files stay thin', () => {
	it('the rules catch what they are for', () => {
		expect(offences('const [r] = await db()`select 1`;')).toHaveLength(1);
		expect(offences('await tx`delete from stores where id = ${id}`;')).toHaveLength(1);
		expect(offences('const rows = await sql<{ id: string }[]>`select id`')).toHaveLength(1);
		expect(offences('const [t] = await tx<\n\t\t{ id: string }[]\n\t>`select id`')).toHaveLength(1);
		expect(offences('await db().begin(async (tx) => f(tx));')).toHaveLength(1);
		expect(offences("await record(tx, me, { action: 'create' });")).toHaveLength(1);
		expect(offences('await recordChange(tx, me, entry, event);')).toHaveLength(1);
		expect(offences("await emit(tx, channel, 'order:created', payload);")).toHaveLength(1);
		expect(offences('return json(await stores.create(db(), me, input), 201);')).toHaveLength(0);
	});

	it('no route file under src/routes/api runs SQL, opens a transaction or writes audit rows', () => {
		const files = routeFiles(ROOT);
		expect(files.length).toBeGreaterThan(40);
		const found = files.flatMap((f) =>
			offences(readFileSync(f, 'utf8')).map((o) => `${relative(process.cwd(), f)} ${o}`)
		);
		expect(found).toEqual([]);
	});
});
