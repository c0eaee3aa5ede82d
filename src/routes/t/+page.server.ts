import { resolveTyped } from '$lib/server/tables/typed';
import type { PageServerLoad } from './$types';

// The form submits here with ?code= (a plain GET form: it works before any script loads).
export const load: PageServerLoad = ({ url, request }) =>
	resolveTyped(url.searchParams.get('code') ?? '', request);
