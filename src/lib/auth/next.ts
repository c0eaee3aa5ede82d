// Where the login page goes after sign-in (`?next=`). Parsed the way the browser will parse it
// (WHATWG URL: backslashes are slashes, tabs and newlines are dropped), so `/\evil.test` and
// `/%09/evil.test` are seen as the other host they are. Only same-origin paths pass.
export function safeNext(raw: string | null, origin: string, fallback = '/account'): string {
	if (!raw || !raw.startsWith('/')) return fallback;
	let url: URL;
	try {
		url = new URL(raw, origin);
	} catch {
		return fallback;
	}
	if (url.origin !== origin) return fallback;
	const path = url.pathname + url.search + url.hash;
	// A normalized path beginning with two slashes would be read as a host by goto().
	return path.startsWith('//') ? fallback : path;
}
