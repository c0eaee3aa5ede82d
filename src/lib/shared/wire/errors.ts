// The two HTTP contracts' error conventions, spoken by the server (which answers them) and the
// browser (which reads them). Imports nothing.
//   /api/v1/...                          plain-text bodies (PrepTable contract)
//   /api/tables/..., /api/customer/...   { success: false, error: { code, message } }

/** The code an error carries when its body names none (plain text, a proxy's page). */
export const STATUS_CODES: Readonly<Record<number, string>> = {
	400: 'BAD_REQUEST',
	401: 'UNAUTHORIZED',
	403: 'FORBIDDEN',
	404: 'NOT_FOUND',
	405: 'METHOD_NOT_ALLOWED',
	409: 'CONFLICT',
	413: 'PAYLOAD_TOO_LARGE',
	415: 'UNSUPPORTED_MEDIA_TYPE',
	422: 'UNPROCESSABLE_ENTITY',
	429: 'TOO_MANY_REQUESTS',
	500: 'INTERNAL_ERROR',
	502: 'BAD_GATEWAY',
	503: 'SERVICE_UNAVAILABLE',
	504: 'GATEWAY_TIMEOUT'
};

export const codeForStatus = (status: number): string => STATUS_CODES[status] ?? 'ERROR';

/** Which convention a path uses. */
export function errorStyle(pathname: string): 'text' | 'envelope' | null {
	if (pathname.startsWith('/api/v1/') || pathname === '/api/v1') return 'text';
	if (pathname.startsWith('/api/tables') || pathname.startsWith('/api/customer/'))
		return 'envelope';
	return null;
}

/** The table-session contract's body, success or failure. */
export type Envelope<T> =
	{ success: true; data: T } | { success: false; error: { code: string; message: string } };
