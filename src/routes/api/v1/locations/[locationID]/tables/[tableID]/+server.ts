import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { noContent } from '$lib/server/http/handler';
import { idParam } from '$lib/server/http/request';
import * as tables from '$lib/server/tables/tables';

export const DELETE = v1(
	'DELETE',
	'/api/v1/locations/{locationID}/tables/{tableID}',
	async ({ params }, me) => {
		const locationId = idParam(params.locationID, 'Location');
		const id = idParam(params.tableID, 'Table');
		await tables.remove(db(), me, locationId, id);
		return noContent();
	}
);
