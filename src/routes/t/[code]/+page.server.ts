import { resolveTyped } from '$lib/server/tables/typed';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, request }) => resolveTyped(params.code, request);
