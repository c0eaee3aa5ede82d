// Error conventions shared by every route.
//   /api/v1/...                          plain-text bodies (PrepTable contract)
//   /api/tables/..., /api/customer/...   { success: false, error: { code, message } }
import { z } from 'zod';
import { codeForStatus, errorStyle } from '../../shared/wire/errors';

export { errorStyle };

/** An expected failure with a status and a message safe to show the caller. */
export class ApiError extends Error {
	readonly status: number;
	readonly code: string;
	constructor(status: number, message: string, code?: string) {
		super(message);
		this.status = status;
		this.code = code ?? codeForStatus(status);
	}
}

export const badRequest = (msg: string, code?: string) => new ApiError(400, msg, code);
export const unauthorized = (msg = 'Unauthorized', code?: string) => new ApiError(401, msg, code);
export const forbidden = (msg = 'Forbidden', code?: string) => new ApiError(403, msg, code);
export const notFound = (msg = 'Not Found', code?: string) => new ApiError(404, msg, code);
export const conflict = (msg: string, code?: string) => new ApiError(409, msg, code);

/** "field: problem; other: problem" — readable by a person fixing their request. */
export function describeZodError(error: z.ZodError): string {
	return error.issues
		.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
		.join('; ');
}

// Postgres errors caused by the input rather than by us (e.g. a uuid that does not parse, a
// value out of range): answer 400, never 500.
const INPUT_SQLSTATES: Record<string, number> = {
	'22P02': 400, // invalid_text_representation
	'22003': 400, // numeric_value_out_of_range
	'22001': 400, // string_data_right_truncation
	'22007': 400, // invalid_datetime_format
	'22008': 400, // datetime_field_overflow
	'22021': 400, // character_not_in_repertoire (a NUL in text)
	'22P05': 400, // untranslatable_character (\u0000 in jsonb)
	'22025': 400, // invalid_escape_sequence
	'2200D': 400, // invalid_escape_octet
	'22019': 400, // invalid_escape_character
	'23502': 400, // not_null_violation
	'23505': 409, // unique_violation
	'23503': 409, // foreign_key_violation
	'23001': 409, // restrict_violation (ON DELETE RESTRICT on newer servers)
	'23514': 400, // check_violation
	'40001': 503, // serialization_failure: the client may retry
	'40P01': 503, // deadlock_detected
	'57014': 503 // query_canceled (statement_timeout)
};

// The database is away or going away: the request did nothing wrong, it may retry. postgres.js
// codes, socket errors (a reset mid-outage is as transient as a refused connection) and the
// server's own shutdown / connection-exception classes.
const UNAVAILABLE = new Set([
	'CONNECTION_CLOSED',
	'CONNECTION_ENDED',
	'CONNECTION_DESTROYED',
	'CONNECT_TIMEOUT',
	'ECONNREFUSED',
	'ECONNRESET',
	'EPIPE',
	'ETIMEDOUT',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'EAI_AGAIN',
	'57P01', // admin_shutdown
	'57P02', // crash_shutdown
	'57P03', // cannot_connect_now
	'53300' // too_many_connections
]);

const NUL_SQLSTATES = new Set(['22021', '22P05', '22025', '2200D', '22019']);

/** Maps anything thrown by a handler to an ApiError (500 for the unexpected, logged). */
export function toApiError(e: unknown): ApiError {
	if (e instanceof ApiError) return e;
	if (e instanceof z.ZodError) return badRequest(describeZodError(e));
	// SvelteKit's body reader fails with its own error (status 413) once a body passes
	// BODY_SIZE_LIMIT: the caller's mistake, not ours, and not worth a stack trace.
	const kit = e as { status?: unknown; text?: unknown };
	if (kit && kit.status === 413 && typeof kit.text === 'string') return tooLarge();
	const pg = e as {
		code?: string;
		message?: string;
		constraint_name?: string;
		column_name?: string;
	};
	if (pg && typeof pg.code === 'string') {
		const status = INPUT_SQLSTATES[pg.code];
		// The constraint's name means nothing to the person at the screen (and tells an outsider
		// about the schema): log it, answer in words. Domains that know the cause say it better.
		if (status === 409) {
			console.warn('conflict:', pg.constraint_name ?? pg.code);
			return conflict('This conflicts with something that already exists');
		}
		if (status === 503) return new ApiError(503, 'Temporarily unavailable, retry');
		const where = pg.column_name ? ` (${pg.column_name})` : '';
		if (NUL_SQLSTATES.has(pg.code))
			return badRequest(`Text contains a character that cannot be stored${where}`);
		if (status) return badRequest(`Invalid value in request${where}`);
		if (UNAVAILABLE.has(pg.code) || pg.code.startsWith('08')) {
			console.error('database unavailable:', pg.code);
			return new ApiError(503, 'Database unavailable, retry');
		}
	}
	console.error(e);
	return new ApiError(500, 'Internal Server Error');
}

export const tooLarge = () => new ApiError(413, 'Request body is too large');

export function textError(err: ApiError): Response {
	return new Response(err.message, {
		status: err.status,
		headers: { 'content-type': 'text/plain; charset=utf-8' }
	});
}

export function envelopeError(err: ApiError): Response {
	return Response.json(
		{ success: false, error: { code: err.code, message: err.message } },
		{ status: err.status }
	);
}

export function errorResponse(pathname: string, e: unknown): Response {
	const err = toApiError(e);
	return errorStyle(pathname) === 'envelope' ? envelopeError(err) : textError(err);
}
