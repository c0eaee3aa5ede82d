// "Invite your table": the diner whose request was approved shares a link that carries the
// table session's token in the URL fragment (never sent to the server or written to its logs).
// Opening it on another phone joins the same session; the API still checks the token on every
// call, so a link stops working when the session ends or the token expires.

const PREFIX = '#join=';

export function inviteLink(origin: string, branchSlug: string, tableCode: string, token: string) {
	return `${origin}/${encodeURIComponent(branchSlug)}/${encodeURIComponent(tableCode)}${PREFIX}${token}`;
}

/** The token and session id from a link's fragment, or null when it holds no usable token. */
export function joinFromHash(hash: string): { token: string; sessionId: string } | null {
	if (!hash.startsWith(PREFIX)) return null;
	const token = hash.slice(PREFIX.length);
	const parts = token.split('.');
	if (parts.length !== 3 || token.length > 2000) return null;
	try {
		const b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
		const claims = JSON.parse(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)));
		return typeof claims?.sub === 'string' && claims.sub ? { token, sessionId: claims.sub } : null;
	} catch {
		return null;
	}
}
