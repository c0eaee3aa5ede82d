// The two report exports. Each builds its rows once; the route renders them as JSON or CSV from
// the same rows, so the two encodings cannot disagree.
//
// Usage: per item, the quantity moved in the window by each reason (the sum of |delta|: a
// receive of 43 and a waste of 4.5 are 43 and 4.5), total_used = their sum over the requested
// reasons, value_used_cents = round(total_used × unit_cost_cents). This reproduces the
// reference's example (4.5 + 43.0 = 47.5; 47.5 × 389 = 18478). Unrequested reasons read 0.
// The window is calendar days in the location's time zone, `to` inclusive (DESIGN.md). Both
// reports sum stock_usage_daily (the ledger's per-day totals), never the movements themselves:
// a year of a busy store is a million movements but some tens of thousands of day rows.
//
// Reasons beyond the reference (`sale`, issue 14) are opt-in: without `reasons` the report is
// the reference's four, exactly its shape and columns. Asked for (`reasons=…,sale`), `sale`
// joins by_reason and total_used, and the CSV appends `used_sale` after the documented
// columns, which stay first and in order.
import { z } from 'zod';
import type { Db } from '../db/index';
import { inScope, type Identity } from '../auth/identity';
import { readScope } from '../auth/guard';
import { badRequest } from '../http/errors';
import { uuid } from '../http/request';
import { toCsv } from './csv';
import { ALL_REASONS, REASONS, WASTE_REASONS, type AnyReason, type WasteReason } from './ledger';
import {
	EXTRA_REASONS,
	type ByReason,
	type UsageDaily,
	type UsageDay
} from '../../shared/wire/inventory';

export type { ByReason };

/** Longest window a usage report may span. */
export const MAX_WINDOW_DAYS = 400;

const day = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
	.refine((d) => {
		const t = new Date(`${d}T00:00:00Z`);
		return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
	}, 'is not a calendar date');

export const format = z.enum(['json', 'csv'], { message: 'format must be json or csv' });

export const usageQuery = z
	.object({
		from: day.optional(),
		to: day.optional(),
		reasons: z
			.string()
			.optional()
			.transform((s, ctx) => {
				if (s === undefined) return [...REASONS] as AnyReason[];
				const list = [...new Set(s.split(',').map((r) => r.trim()))];
				const unknown = list.filter((r) => !(ALL_REASONS as readonly string[]).includes(r));
				if (unknown.length || list.length === 0) {
					ctx.addIssue({
						code: 'custom',
						message: `unknown reason ${unknown.join(', ') || '(empty)'}; known: ${ALL_REASONS.join(', ')}`
					});
					return z.NEVER;
				}
				return ALL_REASONS.filter((r) => list.includes(r)) as AnyReason[];
			}),
		format: format.default('json')
	})
	.superRefine((q, ctx) => {
		if (q.from && q.to) {
			const days = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000;
			if (days < 0) ctx.addIssue({ code: 'custom', path: ['from'], message: 'is after to' });
			else if (days >= MAX_WINDOW_DAYS) {
				ctx.addIssue({
					code: 'custom',
					path: ['to'],
					message: `the window may span at most ${MAX_WINDOW_DAYS} days`
				});
			}
		}
	});

export interface UsageRow {
	item_id: string;
	item_name: string;
	unit: string;
	unit_cost_cents: number;
	total_used: number;
	/** The reference's four always; `sale` too when it was asked for. */
	by_reason: ByReason;
	value_used_cents: number;
}

/** The reasons a report's by_reason lists: the reference's four, then the extras asked for. */
function reasonKeys(asked: readonly AnyReason[]): AnyReason[] {
	return [...REASONS, ...EXTRA_REASONS.filter((r) => asked.includes(r))];
}

export interface UsageReport {
	from: string;
	to: string;
	reasons: AnyReason[];
	rows: UsageRow[];
	total_value_cents: number;
}

/** RFC 3339 UTC without fractions, as the reference writes them. */
const instant = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

interface Window {
	/** Calendar days in the location's zone, `to_day` inclusive (what stock_usage_daily keys on). */
	from_day: string;
	to_day: string;
	from_at: Date;
	to_end: Date;
	zone: string;
}

/** The report window's days and instants, from the store's location calendar; undefined: no store. */
async function reportWindow(
	db: Db,
	me: Identity,
	storeId: string,
	q: { from?: string; to?: string }
): Promise<Window | undefined> {
	const scope = readScope(me);
	// The window's instants from the location's calendar; default: the last 30 days to today.
	const [w] = await db<Window[]>`
		with tz as (
			select l.timezone as zone, (now() at time zone l.timezone)::date as today
			from stores s join locations l on l.id = s.location_id
			where s.id = ${storeId} and (${scope === null} or s.location_id = any(${scope ?? []}::uuid[]))
		), d as (
			select zone,
				coalesce(${q.from ?? null}::date, coalesce(${q.to ?? null}::date, today) - 29) as from_day,
				coalesce(${q.to ?? null}::date, greatest(today, ${q.from ?? null}::date)) as to_day
			from tz
		)
		select zone, from_day::text, to_day::text, (from_day::timestamp at time zone zone) as from_at,
			((to_day + 1)::timestamp at time zone zone) as to_end
		from d`;
	if (!w) return undefined;
	if (w.to_end.getTime() - w.from_at.getTime() > MAX_WINDOW_DAYS * 86_400_000 + 7_200_000) {
		throw badRequest(`the window may span at most ${MAX_WINDOW_DAYS} days`);
	}
	return w;
}

/** Undefined when the store is unknown or outside the caller's scope. */
export async function usage(
	db: Db,
	me: Identity,
	storeId: string,
	q: z.output<typeof usageQuery>
): Promise<UsageReport | undefined> {
	const w = await reportWindow(db, me, storeId, q);
	if (!w) return undefined;
	const rows = await db<(Omit<UsageRow, 'by_reason'> & { by_reason: Record<string, number> })[]>`
		with per as (
			select d.item_id, d.reason, sum(d.used) as used
			from stock_usage_daily d
			where d.store_id = ${storeId} and d.day between ${w.from_day}::date and ${w.to_day}::date
				and d.reason = any(${q.reasons}::text[])
			group by d.item_id, d.reason
		), agg as (
			select item_id, sum(used) as total_used, jsonb_object_agg(reason, used) as by_reason
			from per group by item_id
		)
		select i.id as item_id, i.name as item_name, i.unit, i.unit_cost_cents,
			agg.total_used, agg.by_reason,
			round(agg.total_used * i.unit_cost_cents)::bigint as value_used_cents
		from agg join items i on i.id = agg.item_id
		order by i.name, i.id`;
	const keys = reasonKeys(q.reasons);
	const out: UsageRow[] = rows.map((r) => ({
		item_id: r.item_id,
		item_name: r.item_name,
		unit: r.unit,
		unit_cost_cents: r.unit_cost_cents,
		total_used: r.total_used,
		by_reason: Object.fromEntries(keys.map((k) => [k, r.by_reason[k] ?? 0])) as ByReason,
		value_used_cents: r.value_used_cents
	}));
	return {
		from: instant(w.from_at),
		to: instant(new Date(w.to_end.getTime() - 1000)),
		reasons: q.reasons,
		rows: out,
		total_value_cents: out.reduce((a, r) => a + r.value_used_cents, 0)
	};
}

/**
 * The same window and filters, per calendar day (location time zone), for the reports charts:
 * quantity moved by reason and waste by sub-reason, and the same at today's unit costs (the
 * value the usage table prices at). An addition to the reference. The quantities of different
 * items are summed as they are (lb and ea together: activity only); the values add up.
 */
export async function usageDaily(
	db: Db,
	me: Identity,
	storeId: string,
	q: z.output<typeof usageQuery>
): Promise<UsageDaily | undefined> {
	const w = await reportWindow(db, me, storeId, q);
	if (!w) return undefined;
	const rows = await db<
		{ day: string; reason: string; waste_reason: string | null; used: number; value: number }[]
	>`
		select to_char(d.day, 'YYYY-MM-DD') as day, d.reason, nullif(d.waste_reason, '') as waste_reason,
			sum(d.used) as used, round(sum(d.used * i.unit_cost_cents))::float8 as value
		from stock_usage_daily d join items i on i.id = d.item_id
		where d.store_id = ${storeId} and d.day between ${w.from_day}::date and ${w.to_day}::date
			and d.reason = any(${q.reasons}::text[])
		group by 1, 2, 3 order by 1`;
	const days = new Map<string, UsageDay>();
	const keys = reasonKeys(q.reasons);
	const zeros = <K extends string>(ks: readonly K[]) =>
		Object.fromEntries(ks.map((k) => [k, 0])) as Record<K, number>;
	for (const r of rows) {
		let d = days.get(r.day);
		if (!d) {
			d = {
				day: r.day,
				by_reason: zeros(keys) as ByReason,
				waste_by_reason: zeros(WASTE_REASONS),
				value_by_reason_cents: zeros(keys) as ByReason,
				waste_value_by_reason_cents: zeros(WASTE_REASONS)
			};
			days.set(r.day, d);
		}
		const k = r.reason as AnyReason;
		d.by_reason[k] = (d.by_reason[k] ?? 0) + r.used;
		d.value_by_reason_cents[k] = (d.value_by_reason_cents[k] ?? 0) + r.value;
		if (r.waste_reason) {
			d.waste_by_reason[r.waste_reason as WasteReason] += r.used;
			d.waste_value_by_reason_cents[r.waste_reason as WasteReason] += r.value;
		}
	}
	return {
		from: instant(w.from_at),
		to: instant(new Date(w.to_end.getTime() - 1000)),
		reasons: q.reasons,
		days: [...days.values()]
	};
}

export const USAGE_CSV_COLUMNS = [
	'item_name',
	'unit',
	'total_used',
	'used_waste',
	'used_adjust',
	'used_count_correction',
	'used_receive',
	'unit_cost_cents',
	'value_used_cents'
] as const;

/** The documented columns, then `used_<reason>` for each extra reason asked for (`used_sale`). */
export function usageCsv(r: UsageReport): string {
	const extras = EXTRA_REASONS.filter((x) => r.reasons.includes(x));
	return toCsv(
		[...USAGE_CSV_COLUMNS, ...extras.map((x) => `used_${x}`)],
		r.rows.map((x) => [
			x.item_name,
			x.unit,
			x.total_used,
			x.by_reason.waste,
			x.by_reason.adjust,
			x.by_reason.count_correction,
			x.by_reason.receive,
			x.unit_cost_cents,
			x.value_used_cents,
			...extras.map((e) => x.by_reason[e] ?? 0)
		])
	);
}

export const lowQuery = z.object({
	location_id: uuid,
	format: format.default('json')
});

export interface LowStockRow {
	item_id: string;
	item_name: string;
	item_sku: string;
	unit: string;
	current_stock: number;
	par_level: number;
	deficit: number;
}

/**
 * Items at or below their reorder point (default: the par) at a location, summed over its
 * stores; deficit = par − current. Items without a par, or with a par of 0, are never low.
 * Most urgent (largest deficit) first. Out of scope: an empty list.
 */
export async function lowStock(db: Db, me: Identity, locationId: string): Promise<LowStockRow[]> {
	if (!inScope(me, locationId)) return [];
	return db<LowStockRow[]>`
		with cur as (
			select l.item_id, sum(l.quantity) as quantity
			from stock_levels l join stores s on s.id = l.store_id
			where s.location_id = ${locationId}
			group by l.item_id
		)
		select i.id as item_id, i.name as item_name, i.sku as item_sku, i.unit,
			coalesce(cur.quantity, 0) as current_stock, p.par_level,
			p.par_level - coalesce(cur.quantity, 0) as deficit
		from item_pars p
		join items i on i.id = p.item_id
		left join cur on cur.item_id = p.item_id
		where p.location_id = ${locationId} and p.par_level > 0
			and coalesce(cur.quantity, 0) <= coalesce(p.reorder_point, p.par_level)
		order by deficit desc, i.name, i.id`;
}

export const LOW_CSV_COLUMNS = [
	'item_name',
	'item_sku',
	'unit',
	'current_stock',
	'par_level',
	'deficit'
] as const;

export function lowStockCsv(rows: LowStockRow[]): string {
	return toCsv(
		LOW_CSV_COLUMNS,
		rows.map((r) => [r.item_name, r.item_sku, r.unit, r.current_stock, r.par_level, r.deficit])
	);
}
