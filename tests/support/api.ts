// JSON calls to the test server as a signed-in user (or anonymous): the one helper the
// integration tests share. An object body is sent as JSON; a string body is sent as it is, for
// tests of malformed JSON.
import type { TestUser } from './auth';

export function caller(base: string) {
	return (method: string, path: string, who?: TestUser, body?: unknown) =>
		fetch(base + path, {
			method,
			headers: {
				...(who?.headers ?? {}),
				...(body !== undefined ? { 'content-type': 'application/json' } : {})
			},
			body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
		});
}
