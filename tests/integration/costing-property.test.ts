// Property: after any sequence of price, pack, preferred-vendor, offer-removal and meal-component
// changes — run in two concurrent lanes, so the cache writers also race — every item's cached
// unit cost and every meal's cached cost equals a recomputation from the source rows.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import type { Identity } from '../../src/lib/server/auth/identity';
import * as prices from '../../src/lib/server/costing/prices';
import * as meals from '../../src/lib/server/costing/meals';
import * as vendors from '../../src/lib/server/purchasing/vendors';
import { itemCost, mealCost } from '../../src/lib/shared/cost';
import { ApiError } from '../../src/lib/server/http/errors';
import { createUser } from '../support/auth';

const sql = connect(inject('databaseUrl'), { max: 4 });
afterAll(() => sql.end());

const ITEMS = 4;
const VENDORS = 3;
const MEALS = 3;

type Cmd =
	| { k: 'price'; v: number; i: number; price: number; pack: number; preferred?: boolean }
	| { k: 'prefer'; v: number; i: number }
	| { k: 'remove'; v: number; i: number }
	| { k: 'components'; m: number; comps: { i: number; q: number; y: number }[] }
	| { k: 'menuPrice'; m: number; price: number };

const v = fc.integer({ min: 0, max: VENDORS - 1 });
const i = fc.integer({ min: 0, max: ITEMS - 1 });
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
	fc.record({
		k: fc.constant('price' as const),
		v,
		i,
		price: fc.integer({ min: 0, max: 50_000 }),
		pack: fc.constantFrom(1, 2.5, 12, 40, 0.4536),
		preferred: fc.option(fc.boolean(), { nil: undefined })
	}),
	fc.record({ k: fc.constant('prefer' as const), v, i }),
	fc.record({ k: fc.constant('remove' as const), v, i }),
	fc.record({
		k: fc.constant('components' as const),
		m: fc.integer({ min: 0, max: MEALS - 1 }),
		comps: fc.uniqueArray(
			fc.record({
				i,
				q: fc.integer({ min: 1, max: 5000 }).map((n) => n / 1000),
				y: fc.integer({ min: 40, max: 100 })
			}),
			{ selector: (c) => c.i, maxLength: ITEMS }
		)
	}),
	fc.record({
		k: fc.constant('menuPrice' as const),
		m: fc.integer({ min: 0, max: MEALS - 1 }),
		price: fc.integer({ min: 0, max: 5000 })
	})
);

describe('cost caches equal a recomputation (property)', () => {
	it('holds after random changes in two concurrent lanes', async () => {
		const admin = await createUser(sql, 'admin');
		const me: Identity = {
			userId: admin.id,
			role: 'admin',
			email: null,
			displayName: 'prop',
			sessionId: 'x',
			locationIds: [],
			allLocations: true
		};
		let runs = 0;
		await fc.assert(
			fc.asyncProperty(
				fc.array(cmd, { maxLength: 14 }),
				fc.array(cmd, { maxLength: 14 }),
				async (laneA, laneB) => {
					runs++;
					const tag = randomBytes(4).toString('hex');
					const itemIds: string[] = [];
					for (let n = 0; n < ITEMS; n++) {
						const [r] = await sql<{ id: string }[]>`insert into items (sku, name, unit)
							values (${`P-${tag}-${n}`}, ${`P ${tag} ${n}`}, 'lb') returning id`;
						itemIds.push(r.id);
					}
					const vendorIds: string[] = [];
					for (let n = 0; n < VENDORS; n++) {
						const vd = await vendors.create(sql, me, {
							name: `PV ${tag} ${n}`,
							contact_email: null,
							phone: null
						});
						vendorIds.push(vd.id);
					}
					const mealIds: string[] = [];
					for (let n = 0; n < MEALS; n++) {
						const m = await meals.create(sql, me, {
							name: `PM ${tag} ${n}`,
							description: '',
							price_cents: 1000,
							components: [{ item_id: itemIds[n % ITEMS], quantity: 1, yield_pct: 100 }]
						});
						mealIds.push(m.id);
					}
					const run = async (c: Cmd) => {
						try {
							if (c.k === 'price') {
								await prices.putVendorItem(sql, me, vendorIds[c.v], itemIds[c.i], {
									price_cents: c.price,
									units_per_pack: c.pack,
									purchase_unit: 'case',
									vendor_sku: null,
									preferred: c.preferred
								});
							} else if (c.k === 'prefer') {
								await prices.setPreferred(sql, me, vendorIds[c.v], itemIds[c.i]);
							} else if (c.k === 'remove') {
								await prices.removeVendorItem(sql, me, vendorIds[c.v], itemIds[c.i]);
							} else if (c.k === 'components') {
								await meals.update(sql, me, mealIds[c.m], {
									components: c.comps.map((x) => ({
										item_id: itemIds[x.i],
										quantity: x.q,
										yield_pct: x.y
									}))
								});
							} else {
								await meals.update(sql, me, mealIds[c.m], { price_cents: c.price });
							}
						} catch (e) {
							// 404s (no such offer) are expected; a deadlock victim rolls back whole.
							const code = (e as { code?: string }).code;
							if (!(e instanceof ApiError) && code !== '40P01') throw e;
						}
					};
					await Promise.all(
						[laneA, laneB].map(async (lane) => {
							for (const c of lane) await run(c);
						})
					);

					const offers = await sql<
						{
							item_id: string;
							vendor_id: string;
							price_cents: number;
							units_per_pack: number;
							preferred: boolean;
						}[]
					>`select item_id, vendor_id, price_cents, units_per_pack, preferred from vendor_items
						where item_id = any(${itemIds}::uuid[])`;
					const items = await sql<
						{ id: string; unit_cost_cents: number; unit_cost_vendor_id: string | null }[]
					>`select id, unit_cost_cents, unit_cost_vendor_id from items where id = any(${itemIds}::uuid[])`;
					for (const it of items) {
						const mine = offers.filter((o) => o.item_id === it.id);
						expect(mine.filter((o) => o.preferred).length).toBeLessThanOrEqual(1);
						const want = itemCost(mine);
						expect({ c: it.unit_cost_cents, v: it.unit_cost_vendor_id }).toEqual({
							c: want.unit_cost_cents,
							v: want.vendor_id
						});
					}
					const comps = await sql<
						{ meal_id: string; item_id: string; quantity: number; yield_pct: number }[]
					>`select meal_id, item_id, quantity, yield_pct from meal_components
						where meal_id = any(${mealIds}::uuid[])`;
					const mealRows = await sql<{ id: string; unit_cost_cents: number | null }[]>`
						select id, unit_cost_cents from meals where id = any(${mealIds}::uuid[])`;
					for (const m of mealRows) {
						const want = mealCost(
							comps
								.filter((c) => c.meal_id === m.id)
								.map((c) => {
									const want = itemCost(offers.filter((o) => o.item_id === c.item_id));
									return {
										quantity: c.quantity,
										yield_pct: c.yield_pct,
										unit_cost_cents: want.unit_cost_cents,
										priced: want.vendor_id !== null
									};
								})
						);
						expect(m.unit_cost_cents).toBe(want.unit_cost_cents);
					}
				}
			),
			{ numRuns: 25 }
		);
		expect(runs).toBeGreaterThanOrEqual(25);
	}, 240_000);
});
