import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build', precompress: true }),
		// The service worker's navigate fallback (/shell) must reference absolute asset paths so
		// it renders for any deep link.
		paths: { relative: false },
		// SvelteKit's own origin check only covers form posts; hooks.server.ts checks JSON
		// requests too, so keep Kit's check (it runs first) for forms.
		csrf: { trustedOrigins: [] },
		// SvelteKit adds a nonce per SSR response and hashes in the prerendered shell (its meta
		// tag). Styles stay 'unsafe-inline' (Svelte writes style attributes). connect-src's
		// `ws: wss:` is narrowed per response to the realtime sidecar's origin by hooks.server.ts
		// (another port on the page's host, known only at run time); the precached shell keeps
		// the scheme-wide form. Headers a meta tag cannot carry (frame-ancestors) are headers.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self', 'data:'],
				'connect-src': ['self', 'ws:', 'wss:'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		},
		serviceWorker: { register: false }
	}
};

export default config;
