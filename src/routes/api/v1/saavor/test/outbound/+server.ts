import { v1 } from '$lib/server/auth/routes';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { testOutbound } from '$lib/server/kitchen/saavor';

// Demo: synthesizes a Saavor order, queues its "ready for handoff" call and delivers what is due.
export const POST = v1('POST', '/api/v1/saavor/test/outbound', async () =>
	json(await testOutbound(db()), 202)
);
