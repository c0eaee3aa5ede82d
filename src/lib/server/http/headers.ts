// Security headers for everything the web process answers (pages, API, errors), and
// `Cache-Control: no-store` on every API response (invitation create and kiosk rotate return
// secrets; nothing under /api is ever worth caching). The Content-Security-Policy itself comes
// from SvelteKit (`kit.csp` in svelte.config.js: a nonce per SSR page, hashes in the prerendered
// shell's meta tag); here its `connect-src ws: wss:` is narrowed to the realtime sidecar, which
// is another port on the page's host (or REALTIME_PUBLIC_URL), known only at run time.
import { config } from '../config';

const COMMON: Record<string, string> = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'same-origin',
	// Passkeys need publickey-credentials-get on our own origin; nothing here uses the rest.
	'permissions-policy':
		'camera=(), microphone=(), geolocation=(), payment=(), usb=(), publickey-credentials-get=(self)',
	// For browsers without CSP frame-ancestors.
	'x-frame-options': 'DENY'
};

/** The sidecar origins a page on `url` may open a WebSocket to. */
export function realtimeOrigins(url: URL): string[] {
	// config validates it as a ws(s) URL at start.
	const pub = config.realtimePublicUrl;
	if (pub) {
		const u = new URL(pub);
		return [`${u.protocol}//${u.host}`];
	}
	const host = `${url.hostname.includes(':') ? `[${url.hostname}]` : url.hostname}:${config.realtimePort}`;
	return [`ws://${host}`, `wss://${host}`];
}

export function narrowCsp(csp: string, url: URL): string {
	return csp.replace(/\bws: wss:/, realtimeOrigins(url).join(' '));
}

/** Adds the headers; copies the response first when its headers are immutable. */
export function secure(response: Response, url: URL): Response {
	let r = response;
	try {
		apply(r.headers, url);
	} catch {
		r = new Response(response.body, response);
		apply(r.headers, url);
	}
	return r;
}

function apply(h: Headers, url: URL) {
	for (const [k, v] of Object.entries(COMMON)) h.set(k, v);
	if (url.pathname.startsWith('/api/') || url.pathname === '/api')
		h.set('cache-control', 'no-store');
	const csp = h.get('content-security-policy');
	if (csp) h.set('content-security-policy', narrowCsp(csp, url));
}
