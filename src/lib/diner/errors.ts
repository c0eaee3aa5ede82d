// What a diner is told when something fails: plain words in their language, never the raw
// message ("Failed to fetch", "SESSION_ENDED", a server's English sentence). The key names a
// diner string, so the message follows a language switch.
import { HttpError, NETWORK_ERROR } from '$lib/client/http';

export type ErrorKey =
	| 'errOffline'
	| 'errSoldOut'
	| 'errNotOnMenu'
	| 'errSession'
	| 'errTableTaken'
	| 'errCallPending'
	| 'errInvalid'
	| 'errServer'
	| 'errGeneric';

export function errorKey(e: unknown): ErrorKey {
	// fetch() itself failed (offline, DNS, connection cut): TypeError outside the client too.
	if (!(e instanceof HttpError)) return e instanceof TypeError ? 'errOffline' : 'errGeneric';
	if (e.status === 0 || e.code === NETWORK_ERROR) return 'errOffline';
	switch (e.code) {
		case 'SOLD_OUT':
			return 'errSoldOut';
		case 'NOT_ON_MENU':
			return 'errNotOnMenu';
		case 'SESSION_ENDED':
		case 'SESSION_NOT_ACTIVE':
		case 'INVALID_TOKEN':
		case 'UNAUTHORIZED':
		case 'TOKEN_TABLE_MISMATCH':
			return 'errSession';
		case 'SESSION_PENDING':
		case 'SESSION_ACTIVE':
			return 'errTableTaken';
		case 'CALL_PENDING':
			return 'errCallPending';
	}
	if (e.status >= 500 || e.code === 'BAD_RESPONSE') return 'errServer';
	if (e.status === 400 || e.status === 422) return 'errInvalid';
	return 'errGeneric';
}
