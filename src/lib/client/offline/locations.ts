// The locations a signed-in person works at, remembered on the device: a staff screen opened
// without signal still knows which board or floor to show from its cache.
import { api, NETWORK_ERROR } from '$lib/client/http';

const KEY = 'preptable:locations';

export async function myLocations<T extends { id: string }>(): Promise<T[]> {
	try {
		const list = await api<T[]>('GET', '/api/v1/locations');
		localStorage.setItem(KEY, JSON.stringify(list));
		return list;
	} catch (e) {
		const saved = localStorage.getItem(KEY);
		if ((e as { code?: string }).code !== NETWORK_ERROR || !saved) throw e;
		return JSON.parse(saved) as T[];
	}
}

/** True for a request that got no answer at all (offline, connection reset). */
export const noAnswer = (e: unknown) => (e as { code?: string })?.code === NETWORK_ERROR;
