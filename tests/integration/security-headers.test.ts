// Issue 10 item 7: security headers on pages and no caching of API responses (invitation create
// and kiosk rotate return secrets).
import { describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { createUser } from '../support/auth';

const base = inject('baseUrl');

function directives(csp: string): Record<string, string[]> {
	return Object.fromEntries(
		csp
			.split(';')
			.map((d) => d.trim().split(/\s+/))
			.filter((d) => d[0])
			.map(([k, ...v]) => [k, v])
	);
}

describe('pages', () => {
	for (const path of ['/', '/login', '/kitchen', '/admin', '/downtown-lima/downtown-lima-1']) {
		it(`${path} has a CSP with nonces, frame-ancestors 'none' and the other headers`, async () => {
			const r = await fetch(base + path);
			expect(r.status).toBeLessThan(500);
			const csp = r.headers.get('content-security-policy') ?? '';
			const d = directives(csp);
			expect(d['frame-ancestors']).toEqual(["'none'"]);
			expect(d['object-src']).toEqual(["'none'"]);
			expect(d['base-uri']).toEqual(["'self'"]);
			expect(d['default-src']).toEqual(["'self'"]);
			// Scripts: our own files plus SvelteKit's inline bootstrap by nonce, nothing inline else.
			expect(d['script-src']).toContain("'self'");
			expect(d['script-src'].some((s) => s.startsWith("'nonce-"))).toBe(true);
			expect(d['script-src']).not.toContain("'unsafe-inline'");
			const nonce = d['script-src'].find((s) => s.startsWith("'nonce-"))!.slice(7, -1);
			const html = await r.text();
			for (const tag of html.match(/<script\b[^>]*>/g) ?? []) {
				if (!/\bsrc=/.test(tag)) expect(tag).toContain(`nonce="${nonce}"`);
			}
			// The realtime sidecar is another port on the page's host: exactly that, ws and wss.
			const port = Number(new URL(base).port);
			expect(d['connect-src']).toContain("'self'");
			const ws = d['connect-src'].filter((s) => /^wss?:/.test(s));
			expect(ws.length).toBeGreaterThan(0);
			for (const s of ws) expect(s).toMatch(/^wss?:\/\/localhost:\d+$/);
			expect(ws.some((s) => s.endsWith(`:${port}`))).toBe(false);
			expect(d['img-src']).toEqual(expect.arrayContaining(["'self'", 'data:']));
			expect(d['worker-src']).toEqual(["'self'"]);
			expect(r.headers.get('x-content-type-options')).toBe('nosniff');
			expect(r.headers.get('referrer-policy')).toBe('same-origin');
			const pp = r.headers.get('permissions-policy') ?? '';
			expect(pp).toMatch(/camera=\(\)/);
			expect(pp).toMatch(/publickey-credentials-get=\(self\)/);
			// The nonce is fresh per response.
			const again = directives((await fetch(base + path)).headers.get('content-security-policy')!);
			expect(again['script-src']).not.toEqual(d['script-src']);
		});
	}

	it('the prerendered offline shell carries its CSP (hashes) in a meta tag', async () => {
		const html = await (await fetch(base + '/shell')).text();
		const meta = html.match(/<meta http-equiv="content-security-policy" content="([^"]+)"/);
		expect(meta, 'no CSP meta in /shell').not.toBeNull();
		const d = directives(meta![1]);
		expect(d['script-src'].some((s) => s.startsWith("'sha256-"))).toBe(true);
		expect(d['connect-src']).toEqual(expect.arrayContaining(["'self'", 'ws:', 'wss:']));
	});
});

describe('API responses are never cached', () => {
	it('no-store on every family, success or error, including secrets', async () => {
		const sql = connect(inject('databaseUrl'), { max: 1 });
		try {
			const admin = await createUser(sql, 'admin');
			const h = { ...admin.headers, 'content-type': 'application/json' };
			const responses = await Promise.all([
				fetch(`${base}/api/v1/healthz`),
				fetch(`${base}/api/v1/auth/me`),
				fetch(`${base}/api/v1/auth/me`, { headers: admin.headers }),
				fetch(`${base}/api/v1/nowhere`),
				fetch(`${base}/api/v1/admin/invitations`, {
					method: 'POST',
					headers: h,
					body: JSON.stringify({ role: 'staff' })
				}),
				fetch(`${base}/api/tables/sessions`, { headers: admin.headers }),
				fetch(`${base}/api/customer/nowhere/nowhere-1/menu`),
				fetch(`${base}/api/realtime-config`)
			]);
			for (const r of responses) {
				expect(r.headers.get('cache-control'), r.url).toBe('no-store');
				expect(r.headers.get('x-content-type-options'), r.url).toBe('nosniff');
				await r.arrayBuffer();
			}
			expect(responses[4].status).toBe(201);
		} finally {
			await sql.end();
		}
	});
});
