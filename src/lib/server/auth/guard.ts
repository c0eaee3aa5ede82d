// Authorization primitives: authentication (401), role gate (403), scope gate (403 on writes;
// reads filter by scope and answer an empty list instead).
import { ApiError } from '../http/errors';
import { inScope, type Identity, type Role } from './identity';

export function requireIdentity(identity: Identity | null | undefined): Identity {
	if (!identity) throw new ApiError(401, 'Unauthorized');
	return identity;
}

export function requireRole(
	identity: Identity | null | undefined,
	roles: readonly Role[]
): Identity {
	const id = requireIdentity(identity);
	if (!roles.includes(id.role)) throw new ApiError(403, 'Forbidden');
	return id;
}

export function requireLocation(identity: Identity, locationId: string): void {
	if (!inScope(identity, locationId)) throw new ApiError(403, 'Forbidden');
}

/** Location ids to filter reads by; null means every location (admins). */
export function readScope(identity: Identity): string[] | null {
	return identity.allLocations ? null : identity.locationIds;
}
