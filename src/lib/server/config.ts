// Runtime configuration: every environment variable PrepTable reads (web, realtime sidecar,
// launcher and scripts) is read here, through one parser. A bad value is never guessed around:
// it throws a ConfigError naming the variable, and each process calls checkConfig() first so it
// refuses to start instead of failing (or silently falling back) later. README "Configuration"
// lists every variable; src/lib/server/config.test.ts checks that it does.
//
// Values are getters read on use, so tests and the launcher may set process.env before use.
// Server code (web, sidecar, scripts) shares this module, so it must not import SvelteKit's
// $env: the sidecar and scripts run outside Kit.
import path from 'node:path';

export class ConfigError extends Error {
	override name = 'ConfigError';
}

/** Turns the raw text of a variable into a value, or throws with what was expected. */
export type Parser<T> = (raw: string) => T;

/**
 * The one parser: unset or blank → `fallback`; otherwise `parse(raw)`, and a value it refuses
 * is a ConfigError that names the variable and repeats the value.
 */
export function read<T>(name: string, parse: Parser<T>, fallback: T): T;
export function read<T>(name: string, parse: Parser<T>): T | undefined;
export function read<T>(name: string, parse: Parser<T>, fallback?: T): T | undefined {
	const raw = process.env[name];
	if (raw === undefined || raw.trim() === '') return fallback;
	try {
		return parse(raw.trim());
	} catch (e) {
		throw new ConfigError(`${name}=${JSON.stringify(raw)}: ${(e as Error).message}`, {
			cause: e
		});
	}
}

/** The kinds of value a variable can hold. */
export const kinds = {
	/** A whole number in [min, max]. */
	int(min = 0, max = Number.MAX_SAFE_INTEGER): Parser<number> {
		return (raw) => {
			const n = /^[+-]?\d+$/.test(raw) ? Number(raw) : NaN;
			if (!Number.isSafeInteger(n) || n < min || n > max) {
				throw new Error(
					max === Number.MAX_SAFE_INTEGER
						? `must be a whole number ≥ ${min}`
						: `must be a whole number from ${min} to ${max}`
				);
			}
			return n;
		};
	},
	/** A number above zero (fractions allowed: 0.5 hours). */
	positive(): Parser<number> {
		return (raw) => {
			const n = /^\d*\.?\d+(e[+-]?\d+)?$/i.test(raw) ? Number(raw) : NaN;
			if (!Number.isFinite(n) || n <= 0) throw new Error('must be a number above 0');
			return n;
		};
	},
	/** 1/0, true/false, yes/no. */
	flag(): Parser<boolean> {
		return (raw) => {
			const v = raw.toLowerCase();
			if (['1', 'true', 'yes', 'on'].includes(v)) return true;
			if (['0', 'false', 'no', 'off'].includes(v)) return false;
			throw new Error('must be 1 or 0');
		};
	},
	/** An absolute URL with one of the given protocols (without the colon). */
	url(...protocols: string[]): Parser<string> {
		return (raw) => {
			let u: URL;
			try {
				u = new URL(raw);
			} catch {
				throw new Error(`must be a URL (${protocols.join(', ')})`);
			}
			if (!protocols.includes(u.protocol.replace(/:$/, ''))) {
				throw new Error(`must be a ${protocols.join(' or ')} URL`);
			}
			return raw;
		};
	},
	/** scheme://host[:port] with no path: what browsers send as Origin. Trailing / dropped. */
	origin(): Parser<string> {
		return (raw) => {
			const u = (() => {
				try {
					return new URL(raw);
				} catch {
					throw new Error('must be an origin like https://preptable.example');
				}
			})();
			if (!['http:', 'https:'].includes(u.protocol)) throw new Error('must be an http(s) origin');
			if (u.pathname !== '/' || u.search || u.hash || u.username) {
				throw new Error('must be an origin (scheme://host[:port]) without a path');
			}
			return u.origin;
		};
	},
	/** Comma-separated list of origins. */
	origins(): Parser<string[]> {
		const one = kinds.origin();
		return (raw) =>
			raw
				.split(',')
				.map((s) => s.trim())
				.filter(Boolean)
				.map((s) => {
					try {
						return one(s);
					} catch (e) {
						throw new Error(`${JSON.stringify(s)} ${(e as Error).message}`, { cause: e });
					}
				});
	},
	/** Any text, at least `minBytes` bytes long (UTF-8). */
	text(minBytes = 1): Parser<string> {
		return (raw) => {
			if (Buffer.byteLength(raw) < minBytes) throw new Error(`must be at least ${minBytes} bytes`);
			return raw;
		};
	},
	oneOf<const T extends string>(...values: T[]): Parser<T> {
		return (raw) => {
			if (!(values as string[]).includes(raw))
				throw new Error(`must be one of ${values.join(', ')}`);
			return raw as T;
		};
	}
};

const { int, positive, flag, url, origin, origins, text, oneOf } = kinds;
const port = int(0, 65_535);

export const config = {
	// Database and processes
	/** Postgres connection string; unset: embedded PGlite (the launcher sets it). */
	get databaseUrl(): string | undefined {
		return read('DATABASE_URL', url('postgres', 'postgresql'));
	},
	/** Set by the launcher when DATABASE_URL points at embedded PGlite (no LISTEN/NOTIFY). */
	get embedded(): boolean {
		return read('PREPTABLE_EMBEDDED', flag(), false);
	},
	/** A directory, or memory:// for a throwaway embedded database. */
	get dataDir(): string {
		const dir = read('PREPTABLE_DATA_DIR', text(), 'data');
		return dir.startsWith('memory://') ? dir : path.resolve(dir);
	},
	get port(): number {
		return read('PORT', port, 3000);
	},
	get host(): string {
		return read('HOST', text(), '0.0.0.0');
	},
	/** Interface the realtime sidecar listens on: its own, else the web server's. */
	get realtimeHost(): string {
		return read('REALTIME_HOST', text()) ?? config.host;
	},
	get origin(): string {
		return (
			read('ORIGIN', origin()) ??
			read('WEBAUTHN_RP_ORIGIN', origin()) ??
			`http://localhost:${config.port}`
		);
	},
	get dbPoolMax(): number {
		return read('DB_POOL_MAX', int(1, 1000), 10);
	},
	/** A receipt moving an item's unit cost by more than this % flags the meals using it. */
	get priceDriftPct(): number {
		return read('PURCHASING_PRICE_DRIFT_PCT', int(0, 1000), 10);
	},
	/** Menu-health: a daypart offering fewer dishes than this is flagged. */
	get menuHealthMinEntries(): number {
		return read('MENU_HEALTH_MIN_ENTRIES', int(0, 1000), 3);
	},
	/** Live menu: a dish whose stock covers at most this many portions shows "only N left". */
	get menuOnlyLeft(): number {
		return read('MENU_ONLY_LEFT', int(0, 1000), 5);
	},
	/** Menu-health: a placement sold out for longer than this (hours) is flagged. */
	get menuHealthSoldOutHours(): number {
		return read('MENU_HEALTH_SOLD_OUT_HOURS', positive(), 24);
	},
	/** Menu-health: the food cost % target; placed dishes above it are flagged. */
	get menuHealthFoodCostPct(): number {
		return read('MENU_HEALTH_FOOD_COST_PCT', int(1, 1000), 35);
	},
	/** Menu-health: a dish above this × its menu's median food cost % is an outlier. */
	get menuHealthOutlierFactor(): number {
		return read('MENU_HEALTH_OUTLIER_FACTOR', positive(), 1.5);
	},
	/** Per-statement ceiling (0 = none); postgres.js has no client-side query timeout. */
	get statementTimeoutMs(): number {
		return read('DB_STATEMENT_TIMEOUT_MS', int(0), 15_000);
	},
	/** Seconds adapter-node waits for in-flight requests on SIGTERM (the launcher passes it on). */
	get shutdownTimeoutSeconds(): number {
		return read('SHUTDOWN_TIMEOUT', int(0), 5);
	},
	/** Also write the first-run bootstrap admin URL to this file. */
	get bootstrapUrlFile(): string | undefined {
		return read('BOOTSTRAP_URL_FILE', text());
	},

	// Accounts and diners
	/** Origin passkeys are bound to; the RP ID is its hostname. */
	get webauthnOrigin(): string {
		return read('WEBAUTHN_RP_ORIGIN', origin()) ?? config.origin;
	},
	get webauthnRpName(): string {
		return read('WEBAUTHN_RP_NAME', text(), 'PrepTable');
	},
	get sessionIdleHours(): number {
		return read('SESSION_IDLE_HOURS', positive(), 12);
	},
	get sessionAbsoluteDays(): number {
		return read('SESSION_ABSOLUTE_DAYS', positive(), 30);
	},
	get kioskSessionDays(): number {
		return read('KIOSK_SESSION_DAYS', positive(), 90);
	},
	/** HS256 key of the customer JWT; unset: generated once and kept in the data directory. */
	get customerJwtSecret(): string | undefined {
		return read('CUSTOMER_JWT_SECRET', text(32));
	},
	get customerTokenTtlMinutes(): number {
		return read('CUSTOMER_TOKEN_TTL_MINUTES', positive(), 240);
	},
	get tableRequestTtlMinutes(): number {
		return read('TABLE_REQUEST_TTL_MINUTES', positive(), 15);
	},

	// Saavor POS
	/** HMAC key of the inbound webhook; unset: every webhook call is refused. */
	get saavorWebhookSecret(): string {
		return read('SAAVOR_WEBHOOK_SECRET', text(), '');
	},
	/** Where "ready for handoff" is posted; unset: the outbound queue waits. */
	get saavorOutboundUrl(): string {
		return read('SAAVOR_OUTBOUND_URL', url('http', 'https'), '');
	},
	get saavorOutboundMaxAttempts(): number {
		return read('SAAVOR_OUTBOUND_MAX_ATTEMPTS', int(1), 25);
	},
	get saavorOutboundPollMs(): number {
		return read('SAAVOR_OUTBOUND_POLL_MS', int(10), 1000);
	},

	// Events and realtime
	/** How often listeners poll the outbox (always on embedded PGlite, a safety net on Postgres). */
	get eventPollMs(): number {
		return read('EVENT_POLL_MS', int(10), config.embedded ? 100 : 2000);
	},
	get sseHeartbeatMs(): number {
		return read('SSE_HEARTBEAT_MS', int(100), 5000);
	},
	/** SSE streams end after this long (0 = never) so clients spread over web processes. */
	/** How often a diner's stream re-checks that its session is still open. */
	get sseRecheckMs(): number {
		return read('SSE_RECHECK_MS', int(100), 15_000);
	},
	get sseMaxAgeMs(): number {
		return read('SSE_MAX_AGE_MS', int(0), 30 * 60_000);
	},
	get realtimePort(): number {
		return read('REALTIME_PORT', port, 3001);
	},
	/** Sidecar URL for pages when it is behind a proxy. */
	get realtimePublicUrl(): string | undefined {
		return read('REALTIME_PUBLIC_URL', url('ws', 'wss'));
	},
	get realtimeHeartbeatMs(): number {
		return read('REALTIME_HEARTBEAT_MS', int(100), 5000);
	},
	get realtimeRecheckMs(): number {
		return read('REALTIME_RECHECK_MS', int(100), 60_000);
	},
	get realtimeMaxBuffered(): number {
		return read('REALTIME_MAX_BUFFERED', int(1024), 1 << 20);
	},
	/** Extra page origins allowed to use cookie auth on the sidecar. */
	get realtimeAllowedOrigins(): string[] {
		return read('REALTIME_ALLOWED_ORIGINS', origins(), []);
	},
	get eventRetentionHours(): number {
		return read('EVENT_RETENTION_HOURS', positive(), 48);
	},
	get eventRetentionSweepMs(): number {
		return read('EVENT_RETENTION_SWEEP_MS', int(1000), 3_600_000);
	}
};

/** Knobs of the scripts in scripts/ (benchmarks, load tests, bundle budget). */
export const scriptConfig = {
	get benchSockets(): number {
		return read('BENCH_SOCKETS', int(1), 10_000);
	},
	get benchSeconds(): number {
		return read('BENCH_SECONDS', positive(), 5);
	},
	get benchFanoutRate(): number {
		return read('BENCH_FANOUT_RATE', positive(), 10);
	},
	get benchHotRate(): number {
		return read('BENCH_HOT_RATE', positive(), 120);
	},
	get benchClient(): 'c' | 'node' {
		return read('BENCH_CLIENT', oneOf('c', 'node'), 'c');
	},
	/** Node flags of the servers under benchmark, space-separated. */
	get benchServerFlags(): string[] {
		return read('BENCH_SERVER_FLAGS', text(), '--max-semi-space-size=1').split(/\s+/);
	},
	get benchClients(): number {
		return read('BENCH_CLIENTS', int(1, 1000), 8);
	},
	get benchInventorySeconds(): number {
		return read('BENCH_INVENTORY_SECONDS', positive(), 10);
	},
	get benchMovements(): number {
		return read('BENCH_MOVEMENTS', int(1), 1_000_000);
	},
	get benchReportRuns(): number {
		return read('BENCH_REPORT_RUNS', int(1), 40);
	},
	get kitchenLoadClients(): number {
		return read('KITCHEN_LOAD_CLIENTS', int(1), 20);
	},
	get kitchenLoadRealSeconds(): number {
		return read('KITCHEN_LOAD_REAL_S', positive(), 120);
	},
	get dinerJsBudgetKb(): number {
		return read('DINER_JS_BUDGET_KB', positive(), 100);
	},
	/** bench:sync: catalog items pulled onto a new device, count lines queued offline, runs. */
	get benchSyncItems(): number {
		return read('BENCH_SYNC_ITEMS', int(1), 5000);
	},
	get benchSyncLines(): number {
		return read('BENCH_SYNC_LINES', int(1), 500);
	},
	get benchSyncRuns(): number {
		return read('BENCH_SYNC_RUNS', int(1, 20), 3);
	},
	/** The browser of bench:sync (playwright.config.ts reads the same variable for the e2e). */
	get chromiumPath(): string {
		return read('CHROMIUM_PATH', text(), '/usr/bin/chromium');
	}
};

/**
 * Reads every value of `groups` once and throws one ConfigError listing each bad variable.
 * Call it first thing in a process so a bad value stops the start with its name.
 */
export function checkConfig(groups: object[] = [config]): void {
	const problems: string[] = [];
	for (const g of groups) {
		for (const key of Object.keys(g)) {
			try {
				void (g as Record<string, unknown>)[key];
			} catch (e) {
				if (!(e instanceof ConfigError)) throw e;
				if (!problems.includes(e.message)) problems.push(e.message);
			}
		}
	}
	if (problems.length) {
		throw new ConfigError(
			`bad configuration (see README, Configuration):\n  ${problems.join('\n  ')}`
		);
	}
}
