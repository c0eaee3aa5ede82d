import { v1 } from '$lib/server/auth/routes';
import { inScope } from '$lib/server/auth/identity';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { idParam } from '$lib/server/http/request';
import * as tables from '$lib/server/tables/tables';

// Printable table tents: each QR code points to {ORIGIN}/{branchSlug}/{tableCode}, with the
// restaurant's name and the table's typed code (additions: location_name, typed_url, short_code).
export const GET = v1('GET', '/api/v1/locations/{locationID}/tables/qr', async ({ params }, me) => {
	const id = idParam(params.locationID, 'Location');
	return json(
		inScope(me, id)
			? await tables.qrCodes(db(), id)
			: { location_name: null, typed_url: null, tables: [] }
	);
});
