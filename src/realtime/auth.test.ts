import { describe, expect, it } from 'vitest';
import { cookieValue, mayRead, parseProtocols, type Principal } from './auth';

const loc = '11111111-2222-4333-8444-555555555555';
const other = '99999999-2222-4333-8444-555555555555';
const staff = (locationIds: string[], allLocations = false, role = 'staff'): Principal => ({
	kind: 'staff',
	token: 't',
	identity: {
		userId: 'u',
		role: role as never,
		email: null,
		displayName: 'x',
		sessionId: 's',
		locationIds,
		allLocations
	}
});
const diner: Principal = {
	kind: 'diner',
	token: 't',
	expiresAt: Infinity,
	claims: { sessionId: 'sess-1', tableId: 't', locationId: loc, role: 'customer' }
};

describe('realtime channel authorization', () => {
	it('diners read only their own session channel', () => {
		expect(mayRead(diner, 'session:sess-1')).toBe(true);
		expect(mayRead(diner, 'session:sess-2')).toBe(false);
		expect(mayRead(diner, `branch:${loc}`)).toBe(false);
		expect(mayRead(diner, `kitchen:${loc}`)).toBe(false);
	});
	it('staff and kiosks read branch/kitchen of their locations; admins all; nobody else', () => {
		expect(mayRead(staff([loc]), `branch:${loc}`)).toBe(true);
		expect(mayRead(staff([loc]), `kitchen:${loc}`)).toBe(true);
		expect(mayRead(staff([loc]), `kitchen:${other}`)).toBe(false);
		expect(mayRead(staff([loc], false, 'kiosk'), `kitchen:${loc}`)).toBe(true);
		expect(mayRead(staff([], true, 'admin'), `branch:${other}`)).toBe(true);
		expect(mayRead(staff([], true, 'admin'), 'session:sess-1')).toBe(false);
		expect(mayRead(staff([loc]), `branch:${loc}x`)).toBe(false);
		expect(mayRead(staff([loc]), 'branch:')).toBe(false);
	});
	it('inventory:{location} is for staff/managers of the location and admins, not kiosks', () => {
		expect(mayRead(staff([loc]), `inventory:${loc}`)).toBe(true);
		expect(mayRead(staff([loc]), `inventory:${other}`)).toBe(false);
		expect(mayRead(staff([], true, 'admin'), `inventory:${other}`)).toBe(true);
		expect(mayRead(staff([loc], false, 'kiosk'), `inventory:${loc}`)).toBe(false);
		expect(mayRead(diner, `inventory:${loc}`)).toBe(false);
	});
});

describe('upgrade header parsing', () => {
	it('reads the session cookie among others', () => {
		expect(cookieValue('a=1; preptable_session=abc%3D; b=2', 'preptable_session')).toBe('abc=');
		expect(cookieValue('a=1', 'preptable_session')).toBeNull();
		expect(cookieValue('preptable_session=%E0%A4%A', 'preptable_session')).toBeNull();
	});
	it('answers preptable and takes a bearer token from the protocol list', () => {
		expect(parseProtocols('preptable, bearer.a.b.c')).toEqual({
			protocol: 'preptable',
			token: 'a.b.c'
		});
		expect(parseProtocols('')).toEqual({ protocol: '', token: null });
	});
});
