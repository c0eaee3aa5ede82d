import QRCode from 'qrcode';
import { v1 } from '$lib/server/auth/routes';
import { inScope } from '$lib/server/auth/identity';
import { config } from '$lib/server/config';
import { db } from '$lib/server/db';
import { json } from '$lib/server/http/handler';
import { idParam } from '$lib/server/http/request';
import * as tables from '$lib/server/tables/tables';

// Printable QR codes: each points to {ORIGIN}/{branchSlug}/{tableCode}.
export const GET = v1('GET', '/api/v1/locations/{locationID}/tables/qr', async ({ params }, me) => {
	const id = idParam(params.locationID, 'Location');
	if (!inScope(me, id)) return json({ tables: [] });
	const [loc] = await db()<{ slug: string }[]>`select slug from locations where id = ${id}`;
	if (!loc) return json({ tables: [] });
	const rows = await tables.list(db(), id);
	const origin = config.origin.replace(/\/$/, '');
	return json({
		tables: await Promise.all(
			rows.map(async (t) => {
				const url = `${origin}/${loc.slug}/${t.code}`;
				return {
					id: t.id,
					number: t.number,
					code: t.code,
					url,
					svg: await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
				};
			})
		)
	});
});
