// Integer cents written as money, in a location's currency (ISO 4217): the diner's phone, the
// staff floor and the back-of-house screens all write amounts this one way.
const formats = new Map<string, Intl.NumberFormat>();
function format(locale: string, currency: string, whole = false): Intl.NumberFormat {
	const key = `${locale}:${currency}:${whole}`;
	let f = formats.get(key);
	if (!f) {
		f = new Intl.NumberFormat(locale, {
			style: 'currency',
			currency,
			currencyDisplay: 'narrowSymbol',
			...(whole ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {})
		});
		formats.set(key, f);
	}
	return f;
}

/**
 * `cents` in `currency`, formatted for `locale`. English locale data has no symbol for some
 * currencies (en-US prints "PEN 32.00"); a reader in Lima reads "S/", so then the symbol is
 * borrowed from Peruvian Spanish, and else the ISO code stays. `whole`: rounded to whole units
 * ("S/ 584", a chart's axis).
 */
export function formatMoney(
	cents: number,
	locale: string,
	currency: string,
	{ whole = false } = {}
): string {
	let parts: Intl.NumberFormatPart[];
	try {
		parts = format(locale, currency, whole).formatToParts(cents / 100);
	} catch {
		// Not a currency this browser knows: the amount and the code, never a crash.
		return `${currency} ${(cents / 100).toFixed(whole ? 0 : 2)}`;
	}
	const sym = parts.find((p) => p.type === 'currency');
	if (sym && sym.value === currency) {
		const local = format('es-PE', currency)
			.formatToParts(0)
			.find((p) => p.type === 'currency')?.value;
		if (local && local !== currency) sym.value = local;
	}
	return parts
		.map((p, i) =>
			// "S/32.00" reads badly: keep a space after a symbol that is letters.
			p.type === 'currency' && /[A-Za-z]$/.test(p.value) && parts[i + 1]?.type !== 'literal'
				? `${p.value}\u00a0`
				: p.value
		)
		.join('');
}

/**
 * How staff screens write money: English, in the location's currency (ISO 4217, see
 * $lib/client/currency.svelte); '—' when the amount is not known.
 */
export const staffMoney = (cents: number | null | undefined, currency: string) =>
	cents === null || cents === undefined ? '—' : formatMoney(cents, 'en-US', currency);
