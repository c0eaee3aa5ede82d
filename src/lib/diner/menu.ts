// The diner's menu by category: categories in the order their first dish is placed (the
// manager's order), dishes within in placement order, uncategorised dishes last.
import type { MenuEntry } from '$lib/shared/wire/diner';

export interface MenuGroup {
	category: string;
	/** Stable per render, for heading ids. */
	index: number;
	items: MenuEntry[];
}

export function groupByCategory(items: MenuEntry[]): MenuGroup[] {
	const groups = new Map<string, MenuEntry[]>();
	for (const i of items) {
		const c = (i.category ?? '').trim();
		const list = groups.get(c) ?? [];
		list.push(i);
		groups.set(c, list);
	}
	const named = [...groups].filter(([c]) => c !== '');
	const rest = groups.get('');
	return [...named, ...(rest ? ([['', rest]] as [string, MenuEntry[]][]) : [])].map(
		([category, list], index) => ({ category, index, items: list })
	);
}
