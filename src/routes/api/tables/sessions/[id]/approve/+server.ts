import { transitionRoute } from '$lib/server/tables/http';

export const PATCH = transitionRoute('approve');
