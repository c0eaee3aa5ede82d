import { v1 } from '$lib/server/auth/routes';
import { record } from '$lib/server/audit/log';
import { db } from '$lib/server/db';
import { conflict, notFound } from '$lib/server/http/errors';
import { noContent } from '$lib/server/http/handler';
import { idParam } from '$lib/server/http/request';
import * as tables from '$lib/server/tables/tables';

export const DELETE = v1(
	'DELETE',
	'/api/v1/locations/{locationID}/tables/{tableID}',
	async ({ params }, me) => {
		const locationId = idParam(params.locationID, 'Location');
		const id = idParam(params.tableID, 'Table');
		await db().begin(async (tx) => {
			const r = await tables.remove(tx, locationId, id);
			if (!r) throw notFound('Table not found');
			if (!r.deleted) {
				throw conflict(
					`Table ${r.table.number} has a pending or active session; end or reject it before deleting the table`
				);
			}
			await record(tx, me, {
				action: 'delete',
				entity: 'table',
				entityId: id,
				locationId,
				before: r.table
			});
		});
		return noContent();
	}
);
