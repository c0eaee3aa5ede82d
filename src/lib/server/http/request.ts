import { z } from 'zod';
import { ApiError, badRequest, describeZodError, toApiError } from './errors';

/** Reads a JSON body: 415 unless it says application/json, 400 if it does not parse or fit. */
export async function readJson<S extends z.ZodType>(
	request: Request,
	schema: S
): Promise<z.output<S>> {
	const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
	if (type !== 'application/json' && !type.endsWith('+json')) {
		throw new ApiError(415, 'Content-Type must be application/json');
	}
	let text: string;
	try {
		text = await request.text();
	} catch (e) {
		// Over BODY_SIZE_LIMIT (or the client went away): not a JSON problem.
		throw toApiError(e);
	}
	let body: unknown;
	try {
		body = text.trim() === '' ? undefined : JSON.parse(text);
	} catch {
		throw badRequest('Request body is not valid JSON');
	}
	if (body === undefined) throw badRequest('Request body is empty; expected a JSON object');
	return validate(schema, body);
}

// C0 controls other than tab, newline and carriage return, and DEL. Postgres cannot store NUL
// in text at all (SQLSTATE 22021), and the rest are never meant in a name, a note or an id.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

// No body of this API nests more than a few levels; a deeper one is junk, and walking it
// recursively (here or in zod) would overflow the stack and answer 500.
export const MAX_DEPTH = 32;

/**
 * The first string in a parsed JSON value (keys included) that holds a control character or a
 * lone surrogate (which would be stored as U+FFFD, silently changing the text), as
 * "path: problem"; null when the value is clean. Checked before the schema so that every text
 * field of every route is covered, with the field named. A value nested deeper than MAX_DEPTH
 * is a problem too. Iterative, depth-first in document order.
 */
export function findBadText(value: unknown): string | null {
	const at = (p: (string | number)[]) => (p.length ? `${p.join('.')}: ` : '');
	const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
	while (stack.length) {
		const { value: v, path } = stack.pop()!;
		if (typeof v === 'string') {
			if (CONTROL.test(v)) return `${at(path)}must not contain control characters`;
			if (!v.isWellFormed()) return `${at(path)}must be valid Unicode text`;
			continue;
		}
		if (!v || typeof v !== 'object') continue;
		if (path.length >= MAX_DEPTH)
			return `${at(path)}nested too deeply (at most ${MAX_DEPTH} levels)`;
		const children: { value: unknown; path: (string | number)[] }[] = [];
		if (Array.isArray(v)) {
			v.forEach((c, i) => children.push({ value: c, path: [...path, i] }));
		} else {
			for (const [k, c] of Object.entries(v)) {
				children.push({ value: k, path: [...path, '(key)'] }, { value: c, path: [...path, k] });
			}
		}
		for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
	}
	return null;
}

export function validate<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
	const bad = findBadText(value);
	if (bad) throw badRequest(bad);
	const r = schema.safeParse(value);
	if (!r.success) throw badRequest(describeZodError(r.error));
	return r.data;
}

/** Parses query parameters (single values) against a schema. */
export function readQuery<S extends z.ZodType>(url: URL, schema: S): z.output<S> {
	return validate(schema, Object.fromEntries(url.searchParams));
}

export const uuid = z.uuid({ message: 'must be a UUID' });

/** `?location_id=` on list routes: optional, a UUID when given. */
export const locationFilter = z.object({ location_id: uuid.optional() });

/** Path parameter that must be a UUID: malformed ids are simply not found. */
export function idParam(value: string | undefined, what = 'Resource'): string {
	if (!value || !uuid.safeParse(value).success) throw new ApiError(404, `${what} not found`);
	return value;
}

/** Non-GET requests from another origin are refused; browsers always send Origin on them. */
export function isCrossOriginWrite(request: Request, url: URL): boolean {
	if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS')
		return false;
	const origin = request.headers.get('origin');
	if (origin && origin !== url.origin) return true;
	// Some privacy modes strip Origin; Fetch Metadata still tells us.
	return request.headers.get('sec-fetch-site') === 'cross-site';
}
