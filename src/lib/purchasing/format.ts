// How the purchasing screens write money, quantities and statuses.
import { staffMoney } from '$lib/money';

export const money = staffMoney;
/** At most 2 decimals, no trailing zeros. */
export const qty = (n: number) => String(Math.round(n * 100) / 100);
export const statusLabel = (s: string) =>
	s.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
/** "2 case × 40 lb" */
export const pack = (packs: number, unit: string, per: number, itemUnit: string) =>
	`${qty(packs)} ${unit} × ${qty(per)} ${itemUnit}`;
