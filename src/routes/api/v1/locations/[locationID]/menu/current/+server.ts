import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { idParam, readQuery } from '$lib/server/http/request';
import * as live from '$lib/server/menus/live';
import * as signage from '$lib/server/signage/kiosks';

// The live menu through the one resolver (menus/live.ts). `?at=` (an RFC 3339 instant, an
// addition) previews another moment: the editors show what a daypart will look like.
export const GET = v1(
	'GET',
	'/api/v1/locations/{locationID}/menu/current',
	async ({ params, url }, me) => {
		const locationId = idParam(params.locationID, 'Location');
		const { at } = readQuery(url, live.currentQuery);
		return json(await signage.currentMenu(db(), me, locationId, at));
	}
);
