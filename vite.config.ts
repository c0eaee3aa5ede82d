import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [
		sveltekit(),
		SvelteKitPWA({
			strategies: 'generateSW',
			registerType: 'autoUpdate',
			injectRegister: false,
			manifest: {
				// A stable identity: the installed app stays the same app if start_url ever moves.
				id: '/',
				name: 'PrepTable',
				short_name: 'PrepTable',
				description: 'Restaurant operations: tables, kitchen, inventory, menus.',
				start_url: '/',
				scope: '/',
				display: 'standalone',
				background_color: '#ffffff',
				theme_color: '#14532d',
				shortcuts: [
					{
						name: 'Kitchen',
						url: '/kitchen',
						icons: [{ src: '/icons/icon-192.png', sizes: '192x192' }]
					},
					{
						name: 'Tables',
						url: '/staff/tables',
						icons: [{ src: '/icons/icon-192.png', sizes: '192x192' }]
					},
					{
						name: 'Count',
						url: '/staff/inventory',
						icons: [{ src: '/icons/icon-192.png', sizes: '192x192' }]
					}
				],
				icons: [
					{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
					{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
					{
						src: '/icons/maskable-512.png',
						sizes: '512x512',
						type: 'image/png',
						purpose: 'maskable'
					}
				]
			},
			workbox: {
				// Nothing is prerendered but /shell: it is the offline page for every navigation
				// (deep links included); the client router then renders the route.
				clientsClaim: true,
				skipWaiting: true,
				navigateFallback: '/shell',
				navigateFallbackDenylist: [/^\/api\//, /^\/healthz/],
				globPatterns: [
					'client/**/*.{js,css,ico,png,svg,webp,woff,woff2,webmanifest}',
					'prerendered/**/*.html'
				],
				// API and sync responses are never runtime-cached.
				runtimeCaching: []
			},
			devOptions: { enabled: false }
		})
	],
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.test.ts'],
					environment: 'node',
					// Property tests run hundreds of cases: a budget for a loaded 2-core CI machine
					// (one took 7 s there beside a CPU-heavy job, against the default 5 s).
					testTimeout: 30_000
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					environment: 'node',
					globalSetup: ['tests/integration/global-setup.ts'],
					testTimeout: 30_000,
					hookTimeout: 120_000,
					// One server and one database for the run; files run one at a time so tests that
					// kill backends or count rows do not trip over each other.
					pool: 'forks',
					poolOptions: { forks: { singleFork: true } }
				}
			}
		]
	}
});
