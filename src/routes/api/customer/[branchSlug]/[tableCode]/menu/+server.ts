import { db } from '$lib/server/db';
import { open } from '$lib/server/auth/routes';
import { ok } from '$lib/server/http/handler';
import { menu } from '$lib/server/menus/live';
import { tableFromPath } from '$lib/server/tables/http';

// Public: diners may look at the menu before their request is approved.
export const GET = open('GET', '/api/customer/{branchSlug}/{tableCode}/menu', async (event) => {
	const table = await tableFromPath(event);
	return ok({
		// currency: an addition, so prices are shown as the location charges them.
		branch: { slug: table.branch_slug, name: table.location_name, currency: table.currency },
		table: { number: table.number, code: table.code },
		items: await menu(db(), table.location_id)
	});
});
