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
	'23505': 409, // unique_violation
	'23503': 409, // foreign_key_violation
	'23514': 400, // check_violation
	'40001': 503, // serialization_failure: the client may retry
	'40P01': 503, // deadlock_detected
	'57014': 503 // query_canceled (statement_timeout)
};

/** Maps anything thrown by a handler to an ApiError (500 for the unexpected, logged). */
export function toApiError(e: unknown): ApiError {
	if (e instanceof ApiError) return e;
	if (e instanceof z.ZodError) return badRequest(describeZodError(e));
	const pg = e as { code?: string; message?: string; constraint_name?: string };
	if (pg && typeof pg.code === 'string') {
		const status = INPUT_SQLSTATES[pg.code];
		if (status === 409)
			return conflict(`Conflicts with existing data (${pg.constraint_name ?? pg.code})`);
		if (status === 503) return new ApiError(503, 'Temporarily unavailable, retry');
		if (status) return badRequest('Invalid value in request');
		if (
			pg.code === 'CONNECTION_CLOSED' ||
			pg.code === 'CONNECTION_ENDED' ||
			pg.code === 'CONNECT_TIMEOUT' ||
			pg.code === 'ECONNREFUSED'
		) {
			console.error('database unavailable:', pg.code);
			return new ApiError(503, 'Database unavailable, retry');
		}
	}
	console.error(e);
	return new ApiError(500, 'Internal Server Error');
}

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
