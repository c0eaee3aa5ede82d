import type { Cookies, RequestEvent } from '@sveltejs/kit';
import { relyingParty } from './webauthn';
import { cookieOptions, SESSION_COOKIE } from './sessions';

export function setSessionCookie(cookies: Cookies, session: { token: string; expiresAt: Date }) {
	cookies.set(
		SESSION_COOKIE,
		session.token,
		cookieOptions(relyingParty().origin, session.expiresAt)
	);
}

export function clearSessionCookie(cookies: Cookies) {
	cookies.delete(SESSION_COOKIE, { path: '/' });
}

export function requestMeta(event: Pick<RequestEvent, 'request' | 'getClientAddress'>) {
	let ip = '';
	try {
		ip = event.getClientAddress();
	} catch {
		/* not available behind some adapters */
	}
	return { userAgent: event.request.headers.get('user-agent') ?? '', ip };
}
