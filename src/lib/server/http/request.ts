import { z } from 'zod';
import { ApiError, badRequest, describeZodError } from './errors';

/** Reads a JSON body: 415 unless it says application/json, 400 if it does not parse or fit. */
export async function readJson<S extends z.ZodType>(
	request: Request,
	schema: S
): Promise<z.output<S>> {
	const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
	if (type !== 'application/json' && !type.endsWith('+json')) {
		throw new ApiError(415, 'Content-Type must be application/json');
	}
	let body: unknown;
	try {
		const text = await request.text();
		body = text.trim() === '' ? undefined : JSON.parse(text);
	} catch {
		throw badRequest('Request body is not valid JSON');
	}
	if (body === undefined) throw badRequest('Request body is empty; expected a JSON object');
	return validate(schema, body);
}

export function validate<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
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
