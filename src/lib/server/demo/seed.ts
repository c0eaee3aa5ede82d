// Demo data so a new install shows a living product. Idempotent: every row is keyed on a
// natural unique key and upserted, so running it again changes nothing.
import type { Db, Sql } from '../db/index';

const LOCATION = { slug: 'downtown-lima', name: 'Downtown Lima', timezone: 'America/Lima' };

const STORES = [
	{ name: 'Walk-in cooler', kind: 'walk_in' },
	{ name: 'Freezer', kind: 'freezer' },
	{ name: 'Dry storage', kind: 'dry' },
	{ name: 'Bar', kind: 'bar' }
];

const ITEMS = [
	{ sku: 'PRO-CHK-THGH-50', name: 'Chicken thigh, boneless', unit: 'lb', cost: 389, price: null },
	{ sku: 'PRO-BEEF-SIRL', name: 'Beef sirloin', unit: 'lb', cost: 899, price: null },
	{ sku: 'SEA-CORV-FIL', name: 'Corvina fillet', unit: 'lb', cost: 1250, price: null },
	{ sku: 'VEG-ONION-RED', name: 'Red onion', unit: 'lb', cost: 89, price: null },
	{ sku: 'VEG-LIME', name: 'Limes', unit: 'ea', cost: 12, price: null },
	{ sku: 'VEG-AJI-AMAR', name: 'Ají amarillo paste', unit: 'oz', cost: 45, price: null },
	{ sku: 'DRY-RICE-LG', name: 'Rice, long grain', unit: 'lb', cost: 79, price: null },
	{ sku: 'VEG-POTATO-Y', name: 'Yellow potatoes', unit: 'lb', cost: 99, price: null },
	{ sku: 'BEV-CHICHA-1L', name: 'Chicha morada (1 L)', unit: 'ea', cost: 210, price: 650 },
	{ sku: 'BEV-INCA-500', name: 'Inca Kola (500 ml)', unit: 'ea', cost: 95, price: 400 }
];

const VENDORS = [
	{ name: 'Mercado Mayorista Supply', email: 'orders@mayorista.example' },
	{ name: 'Pacific Seafood Co.', email: 'sales@pacificseafood.example' }
];

const MEALS = [
	{
		name: 'Ceviche clásico',
		description: 'Corvina cured in lime with red onion and ají amarillo',
		price: 2800,
		components: [
			['SEA-CORV-FIL', 0.4],
			['VEG-LIME', 6],
			['VEG-ONION-RED', 0.2],
			['VEG-AJI-AMAR', 1]
		]
	},
	{
		name: 'Lomo saltado',
		description: 'Wok-seared sirloin, onions, tomatoes, fries and rice',
		price: 3200,
		components: [
			['PRO-BEEF-SIRL', 0.5],
			['VEG-ONION-RED', 0.25],
			['VEG-POTATO-Y', 0.4],
			['DRY-RICE-LG', 0.3]
		]
	},
	{
		name: 'Ají de gallina',
		description: 'Shredded chicken in a creamy ají amarillo sauce with rice',
		price: 2400,
		components: [
			['PRO-CHK-THGH-50', 0.4],
			['VEG-AJI-AMAR', 2],
			['DRY-RICE-LG', 0.3]
		]
	},
	{
		name: 'Papa a la huancaína',
		description: 'Yellow potatoes under a spicy cheese sauce',
		price: 1600,
		components: [
			['VEG-POTATO-Y', 0.5],
			['VEG-AJI-AMAR', 1]
		]
	}
] as const;

export interface SeedResult {
	locationId: string;
	tables: number;
}

export async function seedDemo(sql: Sql): Promise<SeedResult> {
	return sql.begin(async (tx) => {
		const [loc] = await tx<{ id: string }[]>`
			insert into locations ${tx(LOCATION)}
			on conflict (slug) do update set name = excluded.name
			returning id`;
		for (let n = 1; n <= 12; n++) {
			await tx`
				insert into dining_tables (location_id, number, code, seats)
				values (${loc.id}, ${n}, ${`${LOCATION.slug}-${n}`}, ${n <= 8 ? 4 : 6})
				on conflict (location_id, number) do nothing`;
		}
		for (const s of STORES) {
			await tx`
				insert into stores (location_id, name, kind) values (${loc.id}, ${s.name}, ${s.kind})
				on conflict (location_id, name) do nothing`;
		}
		const itemIds = new Map<string, string>();
		for (const i of ITEMS) {
			const [row] = await tx<{ id: string }[]>`
				insert into items (sku, name, unit, unit_cost_cents, price_cents)
				values (${i.sku}, ${i.name}, ${i.unit}, ${i.cost}, ${i.price})
				on conflict (sku) do update set name = excluded.name
				returning id`;
			itemIds.set(i.sku, row.id);
		}
		const vendorIds: string[] = [];
		for (const v of VENDORS) {
			const [row] = await tx<{ id: string }[]>`
				insert into vendors (name, contact_email) values (${v.name}, ${v.email})
				on conflict (name) do update set contact_email = excluded.contact_email
				returning id`;
			vendorIds.push(row.id);
		}
		for (const i of ITEMS) {
			const vendor = i.sku.startsWith('SEA-') ? vendorIds[1] : vendorIds[0];
			await tx`
				insert into vendor_items (vendor_id, item_id, price_cents, preferred)
				values (${vendor}, ${itemIds.get(i.sku)!}, ${i.cost}, true)
				on conflict (vendor_id, item_id) do nothing`;
		}
		const mealIds: string[] = [];
		for (const m of MEALS) {
			const [row] = await tx<{ id: string }[]>`
				insert into meals (name, description, price_cents)
				values (${m.name}, ${m.description}, ${m.price})
				on conflict (name) do update set description = excluded.description
				returning id`;
			mealIds.push(row.id);
			for (const [sku, qty] of m.components) {
				await tx`
					insert into meal_components (meal_id, item_id, quantity)
					values (${row.id}, ${itemIds.get(sku)!}, ${qty})
					on conflict (meal_id, item_id) do nothing`;
			}
		}
		const [menu] = await tx<{ id: string }[]>`
			insert into menus (name) values ('Carta del día')
			on conflict (name) do update set name = excluded.name
			returning id`;
		const [allDay] = await tx<{ id: string }[]>`
			insert into dayparts (location_id, name, starts_at, ends_at)
			values (${loc.id}, 'All day', '00:00', '23:59:59')
			on conflict (location_id, name) do update set name = excluded.name
			returning id`;
		await placeOnce(tx, loc.id, menu.id, allDay.id, mealIds, [
			itemIds.get('BEV-CHICHA-1L')!,
			itemIds.get('BEV-INCA-500')!
		]);
		const [{ count }] = await tx<{ count: number }[]>`
			select count(*)::int as count from dining_tables where location_id = ${loc.id}`;
		return { locationId: loc.id, tables: count };
	});
}

async function placeOnce(
	tx: Db,
	locationId: string,
	menuId: string,
	daypartId: string,
	mealIds: string[],
	itemIds: string[]
) {
	const [{ n }] = await tx<{ n: number }[]>`
		select count(*)::int as n from placements where location_id = ${locationId} and menu_id = ${menuId}`;
	if (n > 0) return;
	let position = 0;
	for (const mealId of mealIds) {
		await tx`insert into placements (location_id, menu_id, daypart_id, meal_id, position)
			values (${locationId}, ${menuId}, ${daypartId}, ${mealId}, ${position++})`;
	}
	for (const itemId of itemIds) {
		await tx`insert into placements (location_id, menu_id, daypart_id, item_id, position)
			values (${locationId}, ${menuId}, ${daypartId}, ${itemId}, ${position++})`;
	}
}
