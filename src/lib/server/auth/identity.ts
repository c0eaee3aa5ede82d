export type Role = 'staff' | 'manager' | 'admin' | 'kiosk';
export const ROLES: readonly Role[] = ['staff', 'manager', 'admin', 'kiosk'];

/** Who is calling, resolved once per request in hooks.server.ts (event.locals.identity). */
export interface Identity {
	userId: string;
	role: Role;
	email: string | null;
	displayName: string;
	/** sha256 of the session cookie, hex: identifies this session without revealing it. */
	sessionId: string;
	/** Locations assigned through user_locations (kiosk: its one location). Admins: see allLocations. */
	locationIds: string[];
	/** Admins act everywhere, whatever user_locations says. */
	allLocations: boolean;
}

/** Scope gate: may this identity act on / read this location? */
export function inScope(identity: Identity, locationId: string): boolean {
	return identity.allLocations || identity.locationIds.includes(locationId);
}
