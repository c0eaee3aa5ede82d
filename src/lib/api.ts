// Browser helper for the JSON API: throws an Error carrying the server's message.
export class ApiFailure extends Error {
	constructor(
		readonly status: number,
		message: string
	) {
		super(message);
	}
}

export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
	const res = await fetch(path, {
		method,
		headers: body === undefined ? {} : { 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	if (!res.ok) {
		let message = await res.text();
		try {
			const j = JSON.parse(message);
			message = j?.error?.message ?? message;
		} catch {
			/* plain text */
		}
		throw new ApiFailure(res.status, message || res.statusText);
	}
	if (res.status === 204) return undefined as T;
	return (await res.json()) as T;
}
