// Demo data so a new install shows a living product. Idempotent: every row is keyed on a
// natural unique key and upserted, so running it again changes nothing.
import type { Db, Sql, Tx } from '../db/index';
import * as ledger from '../inventory/ledger';
import * as stockItems from '../inventory/stock-items';
import * as vendors from '../purchasing/vendors';
import * as recompute from '../costing/recompute';

const LOCATION = { slug: 'downtown-lima', name: 'Downtown Lima', timezone: 'America/Lima' };

const STORES = [
	{ name: 'Walk-in cooler', kind: 'walk_in' },
	{ name: 'Freezer', kind: 'freezer' },
	{ name: 'Dry storage', kind: 'dry' },
	{ name: 'Bar', kind: 'bar' }
];

// par: the level to restock to at the location; use: a typical day's usage; store: where it lives.
// cost: the preferred vendor's price per item unit; pack: what the vendor sells by (the pack
// price is cost × units, so the cost cache comes out at exactly `cost`).
const ITEMS = [
	{
		sku: 'PRO-CHK-THGH-50',
		pack: { unit: 'case', units: 40 },
		name: 'Chicken thigh, boneless',
		unit: 'lb',
		cost: 389,
		price: null,
		par: 60,
		use: 9,
		store: 'Walk-in cooler'
	},
	{
		sku: 'PRO-BEEF-SIRL',
		pack: { unit: 'case', units: 20 },
		name: 'Beef sirloin',
		unit: 'lb',
		cost: 899,
		price: null,
		par: 40,
		use: 7,
		store: 'Walk-in cooler'
	},
	{
		sku: 'SEA-CORV-FIL',
		pack: { unit: 'box', units: 10 },
		name: 'Corvina fillet',
		unit: 'lb',
		cost: 1250,
		price: null,
		par: 30,
		use: 6,
		store: 'Walk-in cooler'
	},
	{
		sku: 'VEG-ONION-RED',
		pack: { unit: 'sack', units: 50 },
		name: 'Red onion',
		unit: 'lb',
		cost: 89,
		price: null,
		par: 50,
		use: 8,
		store: 'Walk-in cooler'
	},
	{
		sku: 'VEG-LIME',
		pack: { unit: 'case', units: 200 },
		name: 'Limes',
		unit: 'ea',
		cost: 12,
		price: null,
		par: 400,
		use: 70,
		store: 'Walk-in cooler'
	},
	{
		sku: 'VEG-AJI-AMAR',
		pack: { unit: 'tub', units: 32 },
		name: 'Ají amarillo paste',
		unit: 'oz',
		cost: 45,
		price: null,
		par: 120,
		use: 15,
		store: 'Walk-in cooler'
	},
	{
		sku: 'DRY-RICE-LG',
		pack: { unit: 'bag', units: 50 },
		name: 'Rice, long grain',
		unit: 'lb',
		cost: 79,
		price: null,
		par: 100,
		use: 12,
		store: 'Dry storage'
	},
	{
		sku: 'VEG-POTATO-Y',
		pack: { unit: 'sack', units: 50 },
		name: 'Yellow potatoes',
		unit: 'lb',
		cost: 99,
		price: null,
		par: 80,
		use: 11,
		store: 'Dry storage'
	},
	{
		sku: 'BEV-CHICHA-1L',
		pack: { unit: 'case', units: 12 },
		name: 'Chicha morada (1 L)',
		category: 'Bebidas',
		tags: ['vegetarian', 'vegan'],
		unit: 'ea',
		cost: 210,
		price: 650,
		par: 48,
		use: 6,
		store: 'Bar'
	},
	{
		sku: 'BEV-INCA-500',
		pack: { unit: 'case', units: 24 },
		name: 'Inca Kola (500 ml)',
		category: 'Bebidas',
		tags: ['vegetarian', 'vegan'],
		unit: 'ea',
		cost: 95,
		price: 400,
		par: 96,
		use: 14,
		store: 'Bar'
	}
];

/** Days of stock history the demo starts with. */
const HISTORY_DAYS = 21;

const VENDORS = [
	{ name: 'Mercado Mayorista Supply', email: 'orders@mayorista.example' },
	{ name: 'Pacific Seafood Co.', email: 'sales@pacificseafood.example' }
];

const MEALS = [
	{
		name: 'Ceviche clásico',
		category: 'Entradas',
		tags: ['fish'],
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
		category: 'Platos de fondo',
		tags: ['soy'],
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
		category: 'Platos de fondo',
		tags: ['gluten', 'dairy', 'nuts'],
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
		category: 'Entradas',
		tags: ['dairy', 'egg', 'vegetarian'],
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
				insert into items (sku, name, unit, price_cents, category, tags)
				values (${i.sku}, ${i.name}, ${i.unit}, ${i.price}, ${i.category ?? ''},
					${[...(i.tags ?? [])]}::text[])
				on conflict (sku) do update set name = excluded.name, category = excluded.category,
					tags = excluded.tags
				returning id`;
			itemIds.set(i.sku, row.id);
		}
		// The stock_buckets sync documents: this location's, and every location's of these items.
		await stockItems.seedLocation(tx, loc.id);
		await stockItems.touchItems(tx, [...itemIds.values()], 'updated');
		// Where each item sits in its store: a count walks the areas in order, shelves in order.
		const AREAS = ['Meat', 'Seafood', 'Produce', 'Shelves', 'Drinks'];
		const areaOf = (sku: string) =>
			sku.startsWith('PRO-')
				? 'Meat'
				: sku.startsWith('SEA-')
					? 'Seafood'
					: sku.startsWith('VEG-')
						? 'Produce'
						: sku.startsWith('BEV-')
							? 'Drinks'
							: 'Shelves';
		for (const [k, i] of ITEMS.entries()) {
			const area = areaOf(i.sku);
			await tx`
				insert into store_item_places (store_id, item_id, area, area_order, shelf_order)
				select s.id, ${itemIds.get(i.sku)!}, ${area}, ${AREAS.indexOf(area)}, ${k}
				from stores s where s.location_id = ${loc.id} and s.name = ${i.store}
				on conflict (store_id, item_id) do nothing`;
		}
		const vendorIds: string[] = [];
		for (const v of VENDORS) {
			const [row] = await tx<{ id: string }[]>`
				insert into vendors (name, contact_email) values (${v.name}, ${v.email})
				on conflict (name) do update set contact_email = excluded.contact_email
				returning id`;
			vendorIds.push(row.id);
		}
		await seedOffers(tx, vendorIds, itemIds);
		const mealIds: string[] = [];
		for (const m of MEALS) {
			const [row] = await tx<{ id: string }[]>`
				insert into meals (name, description, price_cents, category, tags)
				values (${m.name}, ${m.description}, ${m.price}, ${m.category}, ${[...m.tags]}::text[])
				on conflict (name) do update set description = excluded.description,
					category = excluded.category, tags = excluded.tags
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
		await seedStock(tx, loc.id, itemIds);
		// Through the costing path: item costs from the preferred packs, meal costs from those.
		await recompute.items(tx, [...itemIds.values()]);
		await seedOrders(tx, loc.id, vendorIds, itemIds);
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

/**
 * Pars for every item and a few weeks of movements through the ledger (receiving twice a week,
 * daily usage, some waste, a weekly count), so the inventory and reports screens look alive.
 * Only when the location has no movements yet: a second run changes nothing.
 */
async function seedStock(tx: Tx, locationId: string, itemIds: Map<string, string>) {
	for (const i of ITEMS) {
		await tx`
			insert into item_pars (item_id, location_id, par_level, reorder_point)
			values (${itemIds.get(i.sku)!}, ${locationId}, ${i.par}, ${Math.round(i.par * 0.4)})
			on conflict (location_id, item_id) do nothing`;
	}
	const [{ n }] = await tx<{ n: number }[]>`
		select count(*)::int as n from stock_movements where location_id = ${locationId}`;
	if (n > 0) return;
	const stores = new Map(
		(
			await tx<{ id: string; name: string }[]>`
				select id, name from stores where location_id = ${locationId}`
		).map((s) => [s.name, s.id])
	);
	// A small deterministic generator: the same demo every time.
	let state = 20261201;
	const rand = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
	const round = (x: number) => Math.round(x * 4) / 4;
	// Day 0 is HISTORY_DAYS + 1 days ago, so the last day (hour 23 at the latest) is in the past.
	const start = Date.now() - (HISTORY_DAYS + 1) * 86_400_000;
	for (const i of ITEMS) {
		const base = { storeId: stores.get(i.store)!, itemId: itemIds.get(i.sku)! };
		let level = 0;
		const move = async (
			day: number,
			hour: number,
			m: Omit<ledger.MoveInput, 'storeId' | 'itemId'>
		) => {
			const r = await ledger.move(tx, null, {
				...base,
				...m,
				at: new Date(start + day * 86_400_000 + hour * 3_600_000)
			} as ledger.MoveInput);
			level = r.level.quantity;
		};
		await move(0, 7, { delta: i.par, reason: 'receive', note: 'Opening stock' });
		for (let day = 1; day <= HISTORY_DAYS; day++) {
			if (day % 7 === 1 || day % 7 === 4) {
				const restock = round(Math.max(i.par - level, 0) * (0.8 + rand() * 0.3));
				if (restock > 0) await move(day, 7, { delta: restock, reason: 'receive' });
			}
			const used = Math.min(level, round(i.use * (0.6 + rand() * 0.8)));
			if (used > 0) await move(day, 21, { delta: -used, reason: 'adjust', note: 'Service' });
			if (rand() < 0.3 && level > 1) {
				const wasteReason = ledger.WASTE_REASONS[Math.floor(rand() * 5)];
				const q = Math.min(level, round(1 + rand() * i.use * 0.2));
				await move(day, 22, { delta: -q, reason: 'waste', wasteReason });
			}
			if (day % 7 === 0) {
				const counted = Math.max(0, round(level + (rand() - 0.5) * i.use * 0.3));
				await move(day, 23, { setTo: counted, reason: 'count_correction', note: 'Weekly count' });
			}
		}
		// This morning's delivery: nothing a day of service needs is out, or the live menu would
		// open with a dish sold out by its stock (predictive 86). Low items stay low.
		if (level < i.use) {
			await ledger.move(tx, null, {
				...base,
				delta: i.par - level,
				reason: 'receive',
				note: 'Morning delivery'
			});
		}
	}
}

/**
 * Vendor offers through the vendor-item path (upsert, preferred, price history), so the item
 * cost cache is the preferred pack price per unit. Pacific also sells limes, a little dearer
 * and not preferred, so the vendors screen shows a choice. An offer that already has these
 * terms is left alone (a second run changes nothing).
 */
async function seedOffers(tx: Tx, vendorIds: string[], itemIds: Map<string, string>) {
	const offers = ITEMS.map((i) => ({
		vendorId: i.sku.startsWith('SEA-') ? vendorIds[1] : vendorIds[0],
		item: i,
		price: i.cost * i.pack.units,
		preferred: true
	}));
	const lime = ITEMS.find((i) => i.sku === 'VEG-LIME')!;
	offers.push({
		vendorId: vendorIds[1],
		item: lime,
		price: 13 * lime.pack.units,
		preferred: false
	});
	for (const o of offers) {
		const itemId = itemIds.get(o.item.sku)!;
		const terms = {
			price_cents: o.price,
			vendor_sku: `${o.item.sku}-${o.item.pack.units}`,
			purchase_unit: o.item.pack.unit,
			units_per_pack: o.item.pack.units
		};
		const before = await vendors.offerRow(tx, o.vendorId, itemId);
		if (
			before &&
			before.price_cents === terms.price_cents &&
			before.units_per_pack === terms.units_per_pack &&
			before.purchase_unit === terms.purchase_unit &&
			before.vendor_sku === terms.vendor_sku &&
			before.preferred === o.preferred
		) {
			continue;
		}
		await vendors.lockItem(tx, itemId);
		await vendors.upsertOffer(tx, o.vendorId, itemId, terms);
		if (o.preferred) await vendors.prefer(tx, o.vendorId, itemId);
		await vendors.priceHistory(tx, { vendorId: o.vendorId, itemId, ...terms }, 'manual');
	}
}

/**
 * Two purchase orders, once: a submitted one from the market (chicken and rice, ready to be
 * received) and a draft for fish.
 */
async function seedOrders(
	tx: Tx,
	locationId: string,
	vendorIds: string[],
	itemIds: Map<string, string>
) {
	const [{ n }] = await tx<{ n: number }[]>`
		select count(*)::int as n from purchase_orders where location_id = ${locationId}`;
	if (n > 0) return;
	const orders: { vendorId: string; status: string; notes: string; lines: [string, number][] }[] = [
		{
			vendorId: vendorIds[0],
			status: 'submitted',
			notes: 'Tuesday delivery, before 9 am',
			lines: [
				['PRO-CHK-THGH-50', 2],
				['DRY-RICE-LG', 1]
			]
		},
		{ vendorId: vendorIds[1], status: 'draft', notes: 'Weekend fish', lines: [['SEA-CORV-FIL', 2]] }
	];
	for (const o of orders) {
		const [po] = await tx<{ id: string }[]>`
			insert into purchase_orders (location_id, vendor_id, status, notes, submitted_at)
			values (${locationId}, ${o.vendorId}, ${o.status}, ${o.notes},
				${o.status === 'submitted' ? new Date() : null})
			returning id`;
		for (const [position, [sku, packs]] of o.lines.entries()) {
			await tx`
				insert into purchase_order_lines (purchase_order_id, item_id, position, quantity_packs,
					purchase_unit, units_per_pack, unit_price_cents)
				select ${po.id}, item_id, ${position}, ${packs}, purchase_unit, units_per_pack, price_cents
				from vendor_items where vendor_id = ${o.vendorId} and item_id = ${itemIds.get(sku)!}`;
		}
	}
}
