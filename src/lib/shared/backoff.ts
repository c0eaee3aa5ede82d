// How long to wait before retry number `attempt` (0 = the first retry) when the server did not
// answer: doubling from `minMs` up to `maxMs`, so a dead zone is not hammered and a short
// outage is over quickly. `jitter` (0..1, e.g. Math.random()) spreads a room of devices that
// lost the same Wi-Fi so they do not all come back in the same second.
export function backoff(attempt: number, minMs = 1000, maxMs = 30_000, jitter = 0): number {
	const n = Math.max(0, Math.floor(attempt));
	const base = Math.min(maxMs, minMs * 2 ** Math.min(n, 30));
	return Math.round(base * (1 - 0.25 * Math.min(1, Math.max(0, jitter))));
}
