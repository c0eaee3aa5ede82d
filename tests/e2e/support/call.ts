// A JSON API call made from inside the page: same origin, the page's session cookie and the
// Origin header a browser sends, so it passes the same checks a screen's own request does.
import type { Page } from '@playwright/test';

export function call<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
	return page.evaluate(
		async ([m, p, b]) => {
			const r = await fetch(p as string, {
				method: m as string,
				headers: b === undefined ? {} : { 'content-type': 'application/json' },
				body: b === undefined ? undefined : JSON.stringify(b)
			});
			if (!r.ok) throw new Error(`${m} ${p}: ${r.status} ${await r.text()}`);
			return r.status === 204 ? null : r.json();
		},
		[method, path, body] as const
	) as Promise<T>;
}
