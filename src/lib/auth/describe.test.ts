import { describe, expect, it } from 'vitest';
import { HttpError } from '$lib/client/http';
import { describeError } from './passkey';

describe('describeError', () => {
	it('turns the role gate\'s bare "Forbidden" into words', () => {
		const msg = describeError(new HttpError(403, 'FORBIDDEN', 'Forbidden'));
		expect(msg).not.toMatch(/forbidden/i);
		expect(msg).toMatch(/role/);
	});
	it('keeps a message the server wrote for people', () => {
		expect(describeError(new HttpError(409, 'CONFLICT', 'Table 5 already exists'))).toBe(
			'Table 5 already exists'
		);
	});
});
