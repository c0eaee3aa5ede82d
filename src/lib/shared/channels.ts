// Channel registry: the one place that names outbox/realtime channels, parses them back and
// says who may read them. The outbox (writing), the sidecar and the SSE endpoints (reading)
// and the browser (subscribing) all use it. Imports nothing: server and browser both load it.

/** Location-scoped channels: `{kind}:{locationId}`, locationId a lowercase UUID. */
const LOCATION_KINDS = ['branch', 'kitchen', 'inventory', 'menu', 'signage'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];
export type ChannelKind = LocationKind | 'session';

export type Channel = `${ChannelKind}:${string}`;

export type ParsedChannel =
	{ kind: LocationKind; locationId: string } | { kind: 'session'; sessionId: string };

export const channels = {
	/** Floor/staff feed of a location: table sessions, calls, orders. */
	branch: (locationId: string) => `branch:${locationId}` as const,
	/** Kitchen display feed of a location: orders and their prep state. */
	kitchen: (locationId: string) => `kitchen:${locationId}` as const,
	/** One table session's diner feed. */
	session: (sessionId: string) => `session:${sessionId}` as const,
	/** Reserved: stock levels and counts of a location (no events yet). */
	inventory: (locationId: string) => `inventory:${locationId}` as const,
	/** The live menu of a location: menu:changed (signage screens, staff). */
	menu: (locationId: string) => `menu:${locationId}` as const,
	/** Reserved: signage screens of a location (no events yet). */
	signage: (locationId: string) => `signage:${locationId}` as const
} satisfies Record<ChannelKind, (id: string) => Channel>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The one parser of channel names; null for anything that is not a channel. */
export function parseChannel(name: string): ParsedChannel | null {
	const i = name.indexOf(':');
	if (i < 0) return null;
	const kind = name.slice(0, i);
	const key = name.slice(i + 1);
	if (kind === 'session') return key ? { kind, sessionId: key } : null;
	if (!(LOCATION_KINDS as readonly string[]).includes(kind) || !UUID.test(key)) return null;
	return { kind: kind as LocationKind, locationId: key };
}

export type StaffRole = 'staff' | 'manager' | 'admin' | 'kiosk';

/** Who is reading, reduced to what the rule needs (built from a staff identity or diner claims). */
export type Reader =
	| { kind: 'diner'; sessionId: string }
	| {
			kind: 'staff';
			role: StaffRole;
			/** Admins read every location. */
			allLocations: boolean;
			/** Assigned locations (kiosk: its one location). */
			locationIds: readonly string[];
	  };

/** A signed-in identity (staff, manager, admin, kiosk) as a reader. */
export function staffReader(i: {
	role: StaffRole;
	allLocations: boolean;
	locationIds: readonly string[];
}): Reader {
	return { kind: 'staff', role: i.role, allLocations: i.allLocations, locationIds: i.locationIds };
}

/**
 * Which identity may read which channel. Diners: their own session channel only. Staff,
 * managers, kiosks: location channels of their locations; admins: of every location. Nobody
 * reads another's session channel. Inventory is not for kiosks (they are signage screens).
 */
export function mayRead(reader: Reader, name: string): boolean {
	const c = parseChannel(name);
	if (!c) return false;
	if (c.kind === 'session') return reader.kind === 'diner' && c.sessionId === reader.sessionId;
	if (reader.kind !== 'staff') return false;
	if (c.kind === 'inventory' && reader.role === 'kiosk') return false;
	return reader.allLocations || reader.locationIds.includes(c.locationId);
}
