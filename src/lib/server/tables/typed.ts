// /t and /t/<code>: a guest types the code printed on the table tent and lands on the table's
// page (/{branchSlug}/{tableCode}), the same place the QR code opens.
import { redirect } from '@sveltejs/kit';
import { db } from '../db/index';
import { byShortCode } from './tables';

/** The diner languages, Spanish first (the diner pages' own default). */
export function langOf(request: Request): 'es' | 'en' {
	const header = request.headers.get('accept-language') ?? '';
	for (const part of header.split(',')) {
		const base = part.trim().toLowerCase().split(/[-_;]/)[0];
		if (base === 'es' || base === 'en') return base;
	}
	return 'es';
}

/** Redirects to the table of a known code; else what the form shows again. */
export async function resolveTyped(typed: string, request: Request) {
	const t = await byShortCode(db(), typed);
	if (t) redirect(303, `/${t.branch_slug}/${t.code}`);
	return { lang: langOf(request), typed: typed.slice(0, 40), unknown: typed.trim() !== '' };
}
