import { v1 } from '$lib/server/auth/routes';
import { inScope } from '$lib/server/auth/identity';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { idParam } from '$lib/server/http/request';
import * as tables from '$lib/server/tables/tables';

// Printable QR codes: each points to {ORIGIN}/{branchSlug}/{tableCode}.
export const GET = v1('GET', '/api/v1/locations/{locationID}/tables/qr', async ({ params }, me) => {
	const id = idParam(params.locationID, 'Location');
	return json({ tables: inScope(me, id) ? await tables.qrCodes(db(), id) : [] });
});
