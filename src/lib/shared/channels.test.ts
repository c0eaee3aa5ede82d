import { describe, expect, it } from 'vitest';
import { channels, mayRead, parseChannel, type Reader } from './channels';

const loc = '11111111-2222-4333-8444-555555555555';
const other = '99999999-2222-4333-8444-555555555555';
const staff = (role: 'staff' | 'manager' | 'admin' | 'kiosk', ids: string[]): Reader => ({
	kind: 'staff',
	role,
	allLocations: role === 'admin',
	locationIds: ids
});

describe('channel registry', () => {
	it('builds and parses back every channel kind', () => {
		for (const kind of ['branch', 'kitchen', 'inventory', 'menu', 'signage'] as const) {
			expect(parseChannel(channels[kind](loc))).toEqual({ kind, locationId: loc });
		}
		expect(parseChannel(channels.session('s-1'))).toEqual({ kind: 'session', sessionId: 's-1' });
	});

	it('refuses what is not a channel', () => {
		for (const bad of ['', 'branch', 'branch:', `branch:${loc}x`, `BRANCH:${loc}`, 'session:']) {
			expect(parseChannel(bad)).toBeNull();
		}
		expect(parseChannel('branch:AAAAAAAA-2222-4333-8444-555555555555')).toBeNull();
		expect(parseChannel(`tables:${loc}`)).toBeNull();
	});

	it('diners read their own session only; staff their locations; admins all; kiosks no stock', () => {
		const diner: Reader = { kind: 'diner', sessionId: 's-1' };
		expect(mayRead(diner, channels.session('s-1'))).toBe(true);
		expect(mayRead(diner, channels.session('s-2'))).toBe(false);
		expect(mayRead(diner, channels.branch(loc))).toBe(false);
		expect(mayRead(staff('staff', [loc]), channels.kitchen(loc))).toBe(true);
		expect(mayRead(staff('manager', [loc]), channels.branch(other))).toBe(false);
		expect(mayRead(staff('admin', []), channels.branch(other))).toBe(true);
		expect(mayRead(staff('admin', []), channels.session('s-1'))).toBe(false);
		expect(mayRead(staff('kiosk', [loc]), channels.branch(loc))).toBe(true);
		expect(mayRead(staff('kiosk', [loc]), channels.signage(loc))).toBe(true);
		expect(mayRead(staff('kiosk', [loc]), channels.inventory(loc))).toBe(false);
		expect(mayRead(staff('manager', [loc]), channels.inventory(loc))).toBe(true);
	});
});
