import { describe, expect, it } from 'vitest';
import { inviteLink, joinFromHash } from './invite';

const b64url = (o: object) =>
	btoa(JSON.stringify(o)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const jwt = (claims: object) => `${b64url({ alg: 'HS256' })}.${b64url(claims)}.c2ln`;

describe('invite links', () => {
	it('round-trips the session token through the fragment', () => {
		const token = jwt({ sub: '3f0c5a1e-0000-4000-8000-000000000001', tbl: 't', loc: 'l' });
		const link = inviteLink('https://eat.example', 'downtown-lima', 'downtown-lima-3', token);
		expect(link).toBe(`https://eat.example/downtown-lima/downtown-lima-3#join=${token}`);
		expect(joinFromHash(new URL(link).hash)).toEqual({
			token,
			sessionId: '3f0c5a1e-0000-4000-8000-000000000001'
		});
	});
	it('decodes base64url payloads that need padding and use - and _', () => {
		const token = jwt({ sub: 'a?>>>~~~?' });
		expect(token.split('.')[1]).toMatch(/[-_]/);
		expect(joinFromHash(`#join=${token}`)?.sessionId).toBe('a?>>>~~~?');
	});
	it('ignores anything that is not a join fragment with a token', () => {
		expect(joinFromHash('')).toBeNull();
		expect(joinFromHash('#menu')).toBeNull();
		expect(joinFromHash('#join=')).toBeNull();
		expect(joinFromHash('#join=a.b')).toBeNull();
		expect(joinFromHash('#join=a.!!!.c')).toBeNull();
		expect(joinFromHash(`#join=${jwt({ tbl: 'no subject' })}`)).toBeNull();
		expect(joinFromHash(`#join=${'a'.repeat(3000)}.b.c`)).toBeNull();
	});
});
