// The diner's cart: pure functions over a list of lines, persisted per table in localStorage.
export interface CartLine {
	id: string;
	kind: 'meal' | 'item';
	name: string;
	price_cents: number;
	quantity: number;
}

export function add(cart: CartLine[], entry: Omit<CartLine, 'quantity'>): CartLine[] {
	const i = cart.findIndex((l) => l.id === entry.id);
	if (i === -1) return [...cart, { ...entry, quantity: 1 }];
	return cart.map((l, j) => (j === i ? { ...l, quantity: Math.min(50, l.quantity + 1) } : l));
}

export function removeOne(cart: CartLine[], id: string): CartLine[] {
	return cart.flatMap((l) =>
		l.id !== id ? [l] : l.quantity > 1 ? [{ ...l, quantity: l.quantity - 1 }] : []
	);
}

export function total(cart: CartLine[]): number {
	return cart.reduce((s, l) => s + l.price_cents * l.quantity, 0);
}

type Store = Pick<Storage, 'getItem' | 'setItem'>;

export function load(key: string, store: Store = localStorage): CartLine[] {
	try {
		const v = JSON.parse(store.getItem(key) ?? '[]');
		return Array.isArray(v) ? v.filter((l) => l && typeof l.id === 'string' && l.quantity > 0) : [];
	} catch {
		return [];
	}
}

export function save(key: string, cart: CartLine[], store: Store = localStorage) {
	store.setItem(key, JSON.stringify(cart));
}
