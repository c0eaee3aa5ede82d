// Menu-health: deterministic variety and cost-outlier checks over a location's current
// placements (GET /api/v1/menu-health?location_id=). `findings()` is pure (same input, same
// findings, same order); `forLocation()` loads the rows. Each finding has a stable code, a
// free-text explanation and the entities it names (for links in the screens).
//
//   DAYPART_TOO_FEW_ENTRIES  a daypart offers fewer than `minEntries` dishes (all-day ones count)
//   DUPLICATE_DISH           the same meal or item is placed twice where both would be live
//   SERVICE_GAP              on a weekday, a stretch between the first start and the last end
//                            when no daypart runs (local wall time)
//   DAYPARTS_OVERLAP         two dayparts run at once on a weekday (the later-starting one wins)
//   SOLD_OUT_TOO_LONG        a placement has been 86'd for longer than `soldOutHours`
//   FOOD_COST_ABOVE_TARGET   a placed dish's food cost % is above `foodCostTargetPct`
//   FOOD_COST_OUTLIER        … or more than `outlierFactor` × the median of its menu's dishes
//   UNPRICED_COMPONENTS      a placed meal has components with no price (its cost is unknown)
//   COST_DRIFT               a delivery moved the cost of one of a placed dish's items (purchasing)
import { z } from 'zod';
import type { Db } from '../db/index';
import { inScope, type Identity } from '../auth/identity';
import { config } from '../config';
import { forbidden, notFound } from '../http/errors';
import { clockSeconds } from '../../shared/dayparts';
import { foodCostPct } from '../../shared/cost';
import type { EntityRef, EntityType, Finding } from '../../shared/wire/menus';

export const healthQuery = z.object({ location_id: z.uuid({ message: 'must be a UUID' }) });

export interface Thresholds {
	minEntries: number;
	soldOutHours: number;
	foodCostTargetPct: number;
	outlierFactor: number;
}

export interface HealthDaypart {
	id: string;
	name: string;
	days: number[];
	starts_at: string;
	ends_at: string;
}

export interface HealthPlacement {
	id: string;
	menu_id: string;
	menu_name: string;
	daypart_id: string | null;
	kind: 'meal' | 'item';
	dish_id: string;
	dish_name: string;
	price_cents: number;
	/** null: unknown (an unpriced component or item). */
	cost_cents: number | null;
	unpriced_components: number;
	sold_out_at: Date | null;
	/** The newest open price-drift flag of the meal (a receipt moved a component's cost). */
	cost_drift?: CostDrift | null;
}

export interface CostDrift {
	item_id: string;
	item_name: string;
	change_pct: number;
	receipt_id: string | null;
	/** The delivery, in words (null once its receipt is gone): who, when on the location's clock. */
	vendor_name: string | null;
	received_label: string | null;
	invoice_number: string | null;
}

// "A delivery from Lima Produce on Dec 4 (invoice 1042)": a manager finds the paper by vendor,
// day and invoice number, not by the receipt's uuid.
function delivery(d: CostDrift): string {
	if (!d.receipt_id) return 'A delivery';
	const from = d.vendor_name ? ` from ${d.vendor_name}` : '';
	const on = d.received_label ? ` on ${d.received_label}` : '';
	const invoice = d.invoice_number ? ` (invoice ${d.invoice_number})` : '';
	return `A delivery${from}${on}${invoice}`;
}

const DAY_NAMES = [
	'',
	'Monday',
	'Tuesday',
	'Wednesday',
	'Thursday',
	'Friday',
	'Saturday',
	'Sunday'
];
const hhmm = (sec: number) => {
	const s = ((sec % 86400) + 86400) % 86400;
	return `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}`;
};
const ref = (type: EntityType, id: string, name: string): EntityRef => ({ type, id, name });
const dpRef = (d: HealthDaypart) => ref('daypart', d.id, d.name);
const dishRef = (p: HealthPlacement) => ref(p.kind, p.dish_id, p.dish_name);
const plRef = (p: HealthPlacement) => ref('placement', p.id, p.dish_name);

function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	const m = Math.floor(s.length / 2);
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A daypart's run on one weekday as seconds from that day's midnight: [start, end), end ≤ 2 days. */
function run(d: HealthDaypart): [number, number] {
	const s = clockSeconds(d.starts_at);
	const e = clockSeconds(d.ends_at);
	return [s, e > s ? e : e + 86400];
}

export function findings(
	dayparts: readonly HealthDaypart[],
	input: readonly HealthPlacement[],
	t: Thresholds,
	now: Date
): Finding[] {
	const out: Finding[] = [];
	const placements = [...input].sort((a, b) => a.id.localeCompare(b.id));
	const dps = [...dayparts].sort(
		(a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)
	);
	const allDay = placements.filter((p) => p.daypart_id === null);

	// Variety: too few dishes, the same dish twice.
	for (const d of dps) {
		const live = [...placements.filter((p) => p.daypart_id === d.id), ...allDay];
		const dishes = new Set(live.map((p) => `${p.kind}:${p.dish_id}`));
		if (dishes.size < t.minEntries)
			out.push({
				code: 'DAYPART_TOO_FEW_ENTRIES',
				severity: 'warning',
				explanation: `${d.name} offers ${dishes.size} dish${dishes.size === 1 ? '' : 'es'}; at least ${t.minEntries} are expected.`,
				entities: [dpRef(d)]
			});
	}
	const scopes: { label: string; daypart: HealthDaypart | null; live: HealthPlacement[] }[] = [
		...dps.map((d) => ({
			label: d.name,
			daypart: d,
			live: [...placements.filter((p) => p.daypart_id === d.id), ...allDay]
		})),
		...(dps.length === 0 ? [{ label: 'all day', daypart: null, live: allDay }] : [])
	];
	const seenDup = new Set<string>();
	for (const sc of scopes) {
		const byDish = new Map<string, HealthPlacement[]>();
		for (const p of sc.live) {
			const k = `${p.kind}:${p.dish_id}`;
			byDish.set(k, [...(byDish.get(k) ?? []), p]);
		}
		for (const [, ps] of [...byDish].sort((a, b) => a[0].localeCompare(b[0]))) {
			if (ps.length < 2) continue;
			const ids = ps
				.map((p) => p.id)
				.sort()
				.join(',');
			if (seenDup.has(ids)) continue; // two all-day placements would repeat in every daypart
			seenDup.add(ids);
			const sorted = ps;
			out.push({
				code: 'DUPLICATE_DISH',
				severity: 'warning',
				explanation: `${ps[0].dish_name} is placed ${ps.length} times where they are live together (${sc.label}); diners see it once.`,
				entities: [
					dishRef(ps[0]),
					...(sc.daypart && ps.every((p) => p.daypart_id !== null) ? [dpRef(sc.daypart)] : []),
					...sorted.map(plRef)
				].filter((e, i, a) => a.findIndex((x) => x.type === e.type && x.id === e.id) === i)
			});
		}
	}

	// Service hours per weekday: gaps and overlaps (wall time, from each day's midnight).
	for (let dow = 1; dow <= 7; dow++) {
		const runs = dps
			.filter((d) => d.days.includes(dow))
			.map((d) => ({ d, r: run(d) }))
			.filter((x) => !Number.isNaN(x.r[0]) && !Number.isNaN(x.r[1]))
			.sort((a, b) => a.r[0] - b.r[0] || a.r[1] - b.r[1] || a.d.name.localeCompare(b.d.name));
		let reach = -Infinity;
		let reacher: HealthDaypart | null = null;
		for (const { d, r } of runs) {
			if (reacher && r[0] > reach)
				out.push({
					code: 'SERVICE_GAP',
					severity: 'info',
					explanation: `${DAY_NAMES[dow]}: nothing is served from ${hhmm(reach)} (end of ${reacher.name}) to ${hhmm(r[0])} (start of ${d.name}).`,
					entities: [dpRef(reacher), dpRef(d)]
				});
			else if (reacher && r[0] < reach)
				out.push({
					code: 'DAYPARTS_OVERLAP',
					severity: 'info',
					explanation: `${DAY_NAMES[dow]}: ${d.name} (from ${hhmm(r[0])}) overlaps ${reacher.name} (until ${hhmm(reach)}); ${d.name} is live while both run.`,
					entities: [dpRef(reacher), dpRef(d)]
				});
			if (r[1] > reach) {
				reach = r[1];
				reacher = d;
			}
		}
	}

	// 86'd for too long.
	const limitMs = t.soldOutHours * 3600_000;
	for (const p of [...placements].sort(
		(a, b) => a.dish_name.localeCompare(b.dish_name) || a.id.localeCompare(b.id)
	)) {
		if (!p.sold_out_at) continue;
		const ms = now.getTime() - new Date(p.sold_out_at).getTime();
		if (ms > limitMs)
			out.push({
				code: 'SOLD_OUT_TOO_LONG',
				severity: 'warning',
				explanation: `${p.dish_name} has been sold out for ${Math.floor(ms / 3600_000)} h (more than ${t.soldOutHours} h): restock it or take it off the menu.`,
				entities: [dishRef(p), plRef(p)]
			});
	}

	// Cost outliers, once per dish and menu.
	const dishes = new Map<string, HealthPlacement>();
	for (const p of [...placements].sort((a, b) => a.id.localeCompare(b.id))) {
		const k = `${p.menu_id}:${p.kind}:${p.dish_id}`;
		if (!dishes.has(k)) dishes.set(k, p);
	}
	const byMenu = new Map<string, number[]>();
	for (const p of dishes.values()) {
		const pct = foodCostPct(p.cost_cents, p.price_cents);
		if (pct !== null) byMenu.set(p.menu_id, [...(byMenu.get(p.menu_id) ?? []), pct]);
	}
	const sortedDishes = [...dishes.values()].sort(
		(a, b) => a.dish_name.localeCompare(b.dish_name) || a.menu_name.localeCompare(b.menu_name)
	);
	for (const p of sortedDishes) {
		const menuRef = ref('menu', p.menu_id, p.menu_name);
		if (p.kind === 'meal' && p.unpriced_components > 0) {
			out.push({
				code: 'UNPRICED_COMPONENTS',
				severity: 'warning',
				explanation: `${p.dish_name} has ${p.unpriced_components} component${p.unpriced_components === 1 ? '' : 's'} with no price: its food cost is unknown.`,
				entities: [dishRef(p), menuRef]
			});
			continue;
		}
		const pct = foodCostPct(p.cost_cents, p.price_cents);
		if (pct === null) continue;
		if (pct > t.foodCostTargetPct)
			out.push({
				code: 'FOOD_COST_ABOVE_TARGET',
				severity: 'warning',
				explanation: `${p.dish_name} runs a ${pct}% food cost, above the ${t.foodCostTargetPct}% target.`,
				entities: [dishRef(p), menuRef]
			});
		const peers = byMenu.get(p.menu_id) ?? [];
		if (peers.length >= 3) {
			const med = median(peers);
			if (med > 0 && pct > med * t.outlierFactor)
				out.push({
					code: 'FOOD_COST_OUTLIER',
					severity: 'warning',
					explanation: `${p.dish_name} runs a ${pct}% food cost, more than ${t.outlierFactor}× the median of ${p.menu_name} (${Math.round(med * 10) / 10}%).`,
					entities: [dishRef(p), menuRef]
				});
		}
	}
	// Price drift (purchasing flags it on receipt), once per dish, naming every placement of it.
	const drifted = new Map<string, HealthPlacement[]>();
	for (const p of placements) {
		if (!p.cost_drift) continue;
		const k = `${p.kind}:${p.dish_id}`;
		drifted.set(k, [...(drifted.get(k) ?? []), p]);
	}
	for (const ps of [...drifted.values()].sort((a, b) =>
		a[0].dish_name.localeCompare(b[0].dish_name)
	)) {
		const [p] = ps;
		const d = p.cost_drift!;
		out.push({
			code: 'COST_DRIFT',
			severity: 'warning',
			explanation:
				`${delivery(d)} moved the cost of ${d.item_name} by ${d.change_pct > 0 ? '+' : ''}${d.change_pct}%` +
				`: check the price of ${p.dish_name}.`,
			entities: [dishRef(p), ref('item', d.item_id, d.item_name), ...ps.map(plRef)]
		});
	}
	return out;
}

export function thresholds(): Thresholds {
	return {
		minEntries: config.menuHealthMinEntries,
		soldOutHours: config.menuHealthSoldOutHours,
		foodCostTargetPct: config.menuHealthFoodCostPct,
		outlierFactor: config.menuHealthOutlierFactor
	};
}

export interface MenuHealth {
	location_id: string;
	generated_at: Date;
	thresholds: Thresholds;
	findings: Finding[];
}

/** Manager of the location and admins (the route gate keeps staff out); unknown location 404. */
export async function forLocation(db: Db, me: Identity, locationId: string): Promise<MenuHealth> {
	if (!inScope(me, locationId)) throw forbidden();
	const [loc] = await db`select id from locations where id = ${locationId}`;
	if (!loc) throw notFound('Location not found');
	const dayparts = await db<HealthDaypart[]>`
		select id, name, days::int[] as days, starts_at::text as starts_at, ends_at::text as ends_at
		from dayparts where location_id = ${locationId}`;
	const placements = await db<HealthPlacement[]>`
		select p.id, p.menu_id, mn.name as menu_name, p.daypart_id,
			case when m.id is not null then 'meal' else 'item' end as kind,
			coalesce(m.id, i.id) as dish_id, coalesce(m.name, i.name) as dish_name,
			coalesce(m.price_cents, i.price_cents, 0)::int as price_cents,
			case when m.id is not null then m.unit_cost_cents::int
				when i.unit_cost_vendor_id is not null then i.unit_cost_cents::int end as cost_cents,
			case when m.id is not null then (
				select count(*)::int from meal_components c join items ci on ci.id = c.item_id
				where c.meal_id = m.id and ci.unit_cost_vendor_id is null)
			else 0 end as unpriced_components,
			p.sold_out_at,
			(select json_build_object('item_id', f.item_id, 'item_name', fi.name,
					'change_pct', f.change_pct, 'receipt_id', f.receipt_id, 'vendor_name', v.name,
					'received_label', to_char(r.created_at at time zone rl.timezone, 'Mon FMDD'),
					'invoice_number', nullif(r.invoice_number, ''))
				from meal_cost_flags f join items fi on fi.id = f.item_id
				left join receipts r on r.id = f.receipt_id
				left join purchase_orders po on po.id = r.purchase_order_id
				left join vendors v on v.id = po.vendor_id
				left join locations rl on rl.id = po.location_id
				where f.meal_id = m.id and f.resolved_at is null
				order by f.created_at desc limit 1) as cost_drift
		from placements p
		join menus mn on mn.id = p.menu_id
		left join meals m on m.id = p.meal_id
		left join items i on i.id = p.item_id
		where p.location_id = ${locationId}`;
	const now = new Date();
	const t = thresholds();
	return {
		location_id: locationId,
		generated_at: now,
		thresholds: t,
		findings: findings(dayparts, placements, t, now)
	};
}
