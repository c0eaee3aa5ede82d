// The screens each role works in, for the home page and the account page: a person sees
// what their role can open, not every screen with a 403 behind it. The API still decides.
import type { SignedIn } from '$lib/session.svelte';

export interface Screen {
	href: string;
	label: string;
	hint: string;
}

const KITCHEN: Screen = {
	href: '/kitchen',
	label: 'Kitchen display',
	hint: 'Live tickets: queued, preparing, ready'
};
const TABLES: Screen = {
	href: '/staff/tables',
	label: 'Tables',
	hint: 'Approve guests, waiter calls, the floor'
};
const INVENTORY: Screen = {
	href: '/staff/inventory',
	label: 'Inventory',
	hint: 'Levels, waste, adjustments, reports'
};
const PURCHASING: Screen = {
	href: '/staff/purchasing',
	label: 'Purchasing',
	hint: 'Purchase orders, receiving, vendors, meal costs'
};
const SIGNAGE: Screen = {
	href: '/signage',
	label: 'Menu signage',
	hint: 'The live menu, full screen, for a TV'
};
const MENUS: Screen = {
	href: '/staff/menus',
	label: 'Menus',
	hint: 'Dayparts, placements, menu health'
};
const QR: Screen = { href: '/staff/qr', label: 'Table QR codes', hint: 'Tables and their codes' };
const ADMIN: Screen = {
	href: '/admin',
	label: 'Administration',
	hint: 'People, invitations, locations, kiosks'
};
const AUDIT: Screen = { href: '/admin/audit', label: 'Audit log', hint: 'Who changed what, when' };

export function screensFor(role: SignedIn['role']): Screen[] {
	switch (role) {
		case 'kiosk':
			return [SIGNAGE, KITCHEN];
		case 'staff':
			return [KITCHEN, TABLES, INVENTORY];
		case 'manager':
			return [KITCHEN, TABLES, INVENTORY, PURCHASING, MENUS, QR];
		case 'admin':
			return [KITCHEN, TABLES, INVENTORY, PURCHASING, MENUS, QR, ADMIN, AUDIT];
	}
}

/** An installed app (a kitchen tablet, say) opens on the screen it was set up with. */
export const START_KEY = 'preptable:start';

export function installed(): boolean {
	return typeof matchMedia === 'function' && matchMedia('(display-mode: standalone)').matches;
}
