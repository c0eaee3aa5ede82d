// Runtime configuration, read from the environment. Server code (web, sidecar, scripts) shares
// this module, so it must not import SvelteKit's $env: the sidecar and scripts run outside Kit.
import path from 'node:path';

function int(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer`);
	return n;
}

export const config = {
	get databaseUrl(): string | undefined {
		return process.env.DATABASE_URL || undefined;
	},
	/** Set by the launcher when DATABASE_URL points at embedded PGlite (no LISTEN/NOTIFY). */
	get embedded(): boolean {
		return process.env.PREPTABLE_EMBEDDED === '1';
	},
	/** A directory, or memory:// for a throwaway embedded database. */
	get dataDir(): string {
		const dir = process.env.PREPTABLE_DATA_DIR || 'data';
		return dir.startsWith('memory://') ? dir : path.resolve(dir);
	},
	get port(): number {
		return int('PORT', 3000);
	},
	get host(): string {
		return process.env.HOST || '0.0.0.0';
	},
	get realtimePort(): number {
		return int('REALTIME_PORT', 3001);
	},
	/** Interface the realtime sidecar listens on: its own, else the web server's. */
	get realtimeHost(): string {
		return process.env.REALTIME_HOST || config.host;
	},
	get origin(): string {
		return (
			process.env.ORIGIN || process.env.WEBAUTHN_RP_ORIGIN || `http://localhost:${config.port}`
		);
	},
	get dbPoolMax(): number {
		return int('DB_POOL_MAX', 10);
	},
	/** A receipt moving an item's unit cost by more than this % flags the meals using it. */
	get priceDriftPct(): number {
		return int('PURCHASING_PRICE_DRIFT_PCT', 10);
	},
	/** Per-statement ceiling; postgres.js has no client-side query timeout. */
	get statementTimeoutMs(): number {
		return int('DB_STATEMENT_TIMEOUT_MS', 15_000);
	}
};
