import { describe, expect, it } from 'vitest';
import { HttpError } from '$lib/client/http';
import { errorKey } from './errors';
import { STRINGS } from './i18n';

describe('diner errors', () => {
	it('maps failures to plain words, never the raw message or code', () => {
		const cases: [unknown, string][] = [
			[new HttpError(0, 'NETWORK_ERROR', 'Failed to fetch'), 'errOffline'],
			[new TypeError('Failed to fetch'), 'errOffline'],
			[new HttpError(409, 'SOLD_OUT', 'Lomo saltado is sold out'), 'errSoldOut'],
			[new HttpError(400, 'NOT_ON_MENU', 'lines.0: not on the current menu'), 'errNotOnMenu'],
			[new HttpError(403, 'SESSION_ENDED', 'This table session has ended'), 'errSession'],
			[new HttpError(401, 'INVALID_TOKEN', 'Invalid or expired customer token'), 'errSession'],
			[
				new HttpError(409, 'SESSION_PENDING', 'Table already has a pending session'),
				'errTableTaken'
			],
			[new HttpError(400, 'VALIDATION_ERROR', 'customerName: too short'), 'errInvalid'],
			[new HttpError(502, 'BAD_GATEWAY', 'Bad Gateway'), 'errServer'],
			[new HttpError(200, 'BAD_RESPONSE', 'The server sent an unexpected response'), 'errServer'],
			[new HttpError(418, 'TEAPOT', 'I am a teapot'), 'errGeneric'],
			[new Error('boom'), 'errGeneric']
		];
		for (const [e, key] of cases) expect(errorKey(e), String(e)).toBe(key);
	});

	it('says it in both languages, without codes or browser messages', () => {
		for (const lang of ['es', 'en'] as const) {
			const errs = Object.entries(STRINGS[lang]).filter(([k]) => k.startsWith('err'));
			expect(errs.length).toBe(9);
			for (const [, text] of errs) {
				expect(text).not.toMatch(/fetch|[A-Z]{3,}_|HTTP|\d{3}/);
				expect(text.length).toBeGreaterThan(10);
			}
		}
	});
});
