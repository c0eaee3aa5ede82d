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
		serviceWorker: { register: false }
	}
};

export default config;
