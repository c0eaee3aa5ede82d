import { describe, expect, inject, it } from 'vitest';

const base = inject('baseUrl');

describe('health', () => {
	it.each(['/healthz', '/api/v1/healthz'])('%s answers 200 ok without auth', async (path) => {
		const r = await fetch(base + path);
		expect(r.status).toBe(200);
		expect(await r.text()).toBe('ok');
	});
});

describe('API error conventions', () => {
	it('unknown /api/v1 path: plain-text 404', async () => {
		const r = await fetch(base + '/api/v1/does-not-exist');
		expect(r.status).toBe(404);
		expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
		expect(await r.text()).toBe('Not Found');
	});

	it('unknown /api/tables path: enveloped 404', async () => {
		const r = await fetch(base + '/api/tables/nope/nope/nope');
		expect(r.status).toBe(404);
		expect(await r.json()).toEqual({
			success: false,
			error: { code: 'NOT_FOUND', message: 'Not Found' }
		});
	});

	it('cross-origin writes are refused before any handler runs', async () => {
		const r = await fetch(base + '/api/v1/healthz', {
			method: 'POST',
			headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
			body: '{}'
		});
		expect(r.status).toBe(403);
		expect(await r.text()).toBe('Cross-origin request refused');
	});

	it('cross-site fetch metadata is refused too', async () => {
		const r = await fetch(base + '/api/v1/healthz', {
			method: 'POST',
			headers: { 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
			body: '{}'
		});
		expect(r.status).toBe(403);
	});
});

describe('app shell', () => {
	it('serves the installable manifest with 192, 512 and maskable icons', async () => {
		const r = await fetch(base + '/manifest.webmanifest');
		expect(r.status).toBe(200);
		const m = await r.json();
		expect(m.display).toBe('standalone');
		const sizes = m.icons.map(
			(i: { sizes: string; purpose?: string }) => `${i.sizes}:${i.purpose}`
		);
		expect(sizes).toEqual(
			expect.arrayContaining(['192x192:any', '512x512:any', '512x512:maskable'])
		);
		for (const icon of m.icons) {
			const ir = await fetch(base + icon.src);
			expect(ir.status).toBe(200);
			expect(ir.headers.get('content-type')).toBe('image/png');
		}
	});

	it('the manifest has a stable id and shortcuts to the kitchen, tables and counts', async () => {
		const m = await (await fetch(base + '/manifest.webmanifest')).json();
		expect(m.id).toBe('/');
		expect(m.shortcuts.map((s: { name: string; url: string }) => `${s.name} ${s.url}`)).toEqual([
			'Kitchen /kitchen',
			'Tables /staff/tables',
			'Count /staff/inventory'
		]);
	});

	it('serves the prerendered offline shell and the service worker', async () => {
		expect((await fetch(base + '/shell')).status).toBe(200);
		const sw = await fetch(base + '/sw.js');
		expect(sw.status).toBe(200);
		const text = await sw.text();
		expect(text).toContain('"shell"');
	});
});
