// Who is signed in, loaded in the browser (not from a server load), so every page still
// renders from the offline app shell. The API enforces access; this only drives page chrome.
import { api, NETWORK_ERROR } from '$lib/client/http';

// Who was signed in on this device last (display only; cleared by any answer that is not a person).
const LAST = 'preptable.me';

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
			.then(
				(me) => {
					localStorage.setItem(LAST, JSON.stringify(me));
					return me;
				},
				(e) => {
					if ((e as { code?: string }).code !== NETWORK_ERROR) {
						localStorage.removeItem(LAST);
						return null;
					}
					// No signal: the chrome shows who was signed in here last (the API still decides),
					// and asks again when the network is back.
					addEventListener('online', () => void this.load(true), { once: true });
					const last = localStorage.getItem(LAST);
					return last ? (JSON.parse(last) as SignedIn) : null;
				}
			)
			.then((me) => {
				this.me = me;
				this.loaded = true;
				return me;
			});
		return this.pending;
	}
}

export const session = new Session();
