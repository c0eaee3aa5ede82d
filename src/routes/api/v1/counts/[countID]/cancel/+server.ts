import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { idParam } from '$lib/server/http/request';
import * as counts from '$lib/server/counts/counts';

export const POST = v1('POST', '/api/v1/counts/{countID}/cancel', async ({ params }, me) => {
	return json(await counts.cancel(db(), me, idParam(params.countID, 'Count')));
});
