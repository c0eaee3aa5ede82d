// Commit → arrival latency histogram shared by the benchmark driver and both load generators'
// reports: 0.1 ms buckets up to 5 s (the last bucket holds everything above).
export const BUCKET_MS = 0.1;
const BUCKETS = 50_000;

export function newHistogram(): number[] {
	return new Array<number>(BUCKETS).fill(0);
}

export function addLatency(hist: number[], ms: number) {
	hist[Math.min(BUCKETS - 1, Math.max(0, Math.floor(ms / BUCKET_MS)))]++;
}
