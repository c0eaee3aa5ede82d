// Who is signed in, loaded in the browser (not from a server load), so every page still
// renders from the offline app shell. The API enforces access; this only drives page chrome.
import { api } from '$lib/client/http';

export interface SignedIn {
	id: string;
	email: string | null;
	role: 'staff' | 'manager' | 'admin' | 'kiosk';
	display_name: string;
	location_ids: string[];
}

class Session {
	me = $state<SignedIn | null>(null);
	loaded = $state(false);
	private pending: Promise<SignedIn | null> | null = null;

	load(force = false): Promise<SignedIn | null> {
		if (this.pending && !force) return this.pending;
		this.pending = api<SignedIn>('GET', '/api/v1/auth/me')
			.catch(() => null)
			.then((me) => {
				this.me = me;
				this.loaded = true;
				return me;
			});
		return this.pending;
	}
}

export const session = new Session();
