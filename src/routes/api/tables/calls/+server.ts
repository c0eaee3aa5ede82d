import { db } from '$lib/server/db';
import { ok, route } from '$lib/server/http/handler';
import * as calls from '$lib/server/tables/calls';
import { staff } from '$lib/server/tables/http';

export const GET = route(async (event) => ok(await calls.pending(db(), staff(event))));
