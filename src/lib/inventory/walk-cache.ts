// The last walk of a store this device saw (GET /api/v1/stores/{id}/places): the shelf order
// screen shows it without signal, and a count started without signal walks it (offlineWalk).
import { readStored, store } from '$lib/client/stored';
import type { StorePlaces } from '$lib/shared/wire/inventory';

const KEY = (storeId: string) => `preptable.places.${storeId}`;

export const saveWalk = (storeId: string, walk: StorePlaces) => store(KEY(storeId), walk);

export const lastWalk = (storeId: string) => readStored<StorePlaces>(KEY(storeId));
