// JSON in localStorage for what a screen keeps on the device (synchronous: it survives a reload,
// a closed tab and a locked phone). Storage that refuses (private mode, full) or holds what does
// not parse counts as nothing kept; the screen still works, without its copy.

export function readStored<T>(key: string): T | null {
	try {
		return JSON.parse(localStorage.getItem(key) ?? 'null') as T | null;
	} catch {
		return null;
	}
}

/** Keeps `value` under `key`; null forgets it. */
export function store(key: string, value: unknown): void {
	try {
		if (value === null) localStorage.removeItem(key);
		else localStorage.setItem(key, JSON.stringify(value));
	} catch {
		/* refused: kept in memory only */
	}
}
