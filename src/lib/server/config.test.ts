import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkConfig, config, ConfigError, kinds, read, scriptConfig } from './config';

const touched = new Set<string>();
function setEnv(vars: Record<string, string | undefined>) {
	for (const [k, v] of Object.entries(vars)) {
		if (!touched.has(k)) touched.add(k);
		if (v === undefined) delete process.env[k];
		else process.env[k] = v;
	}
}
const saved = { ...process.env };
afterEach(() => {
	for (const k of touched) {
		if (saved[k] === undefined) delete process.env[k];
		else process.env[k] = saved[k];
	}
	touched.clear();
});

/** The message of what `fn` throws, or '' when it does not. */
function thrown(fn: () => unknown): string {
	try {
		fn();
		return '';
	} catch (e) {
		expect(e).toBeInstanceOf(ConfigError);
		return (e as Error).message;
	}
}

describe('read(): the one parser', () => {
	it('unset or blank gives the default; a value is trimmed and parsed', () => {
		setEnv({ PT_TEST: undefined });
		expect(read('PT_TEST', kinds.int(), 7)).toBe(7);
		expect(read('PT_TEST', kinds.int())).toBeUndefined();
		setEnv({ PT_TEST: '   ' });
		expect(read('PT_TEST', kinds.int(), 7)).toBe(7);
		setEnv({ PT_TEST: ' 42 ' });
		expect(read('PT_TEST', kinds.int(), 7)).toBe(42);
	});

	it('a bad value throws a ConfigError naming the variable and the value', () => {
		setEnv({ PT_TEST: 'fifteen' });
		expect(thrown(() => read('PT_TEST', kinds.int(), 7))).toBe(
			'PT_TEST="fifteen": must be a whole number ≥ 0'
		);
	});
});

describe('kinds', () => {
	const ok = <T>(p: (raw: string) => T, raw: string) => p(raw);
	const bad = (p: (raw: string) => unknown, raw: string) => {
		try {
			p(raw);
		} catch (e) {
			return (e as Error).message;
		}
		return null;
	};

	it('int: whole numbers in range only (no NaN, no 1.5, no 10abc, no 1e3)', () => {
		expect(ok(kinds.int(), '0')).toBe(0);
		expect(ok(kinds.int(1, 10), '10')).toBe(10);
		for (const raw of ['abc', '1.5', '10abc', '1e3', '-1', '', 'NaN', '99999999999999999999']) {
			expect(bad(kinds.int(), raw), raw).toBe('must be a whole number ≥ 0');
		}
		expect(bad(kinds.int(1, 10), '11')).toBe('must be a whole number from 1 to 10');
		expect(bad(kinds.int(0, 65_535), '70000')).toBe('must be a whole number from 0 to 65535');
	});

	it('positive: numbers above zero, fractions allowed', () => {
		expect(ok(kinds.positive(), '0.5')).toBe(0.5);
		expect(ok(kinds.positive(), '12')).toBe(12);
		for (const raw of ['0', '-3', 'x', '1,5', 'Infinity', '.']) {
			expect(bad(kinds.positive(), raw), raw).toBe('must be a number above 0');
		}
	});

	it('flag: 1/0 and spelled-out booleans', () => {
		expect(['1', 'true', 'YES', 'on'].map((r) => ok(kinds.flag(), r))).toEqual([
			true,
			true,
			true,
			true
		]);
		expect(['0', 'false', 'no', 'off'].map((r) => ok(kinds.flag(), r))).toEqual([
			false,
			false,
			false,
			false
		]);
		expect(bad(kinds.flag(), 'maybe')).toBe('must be 1 or 0');
	});

	it('url: parses and checks the protocol', () => {
		expect(ok(kinds.url('postgres', 'postgresql'), 'postgres://u@h:5432/db')).toBe(
			'postgres://u@h:5432/db'
		);
		expect(bad(kinds.url('postgres', 'postgresql'), 'mysql://h/db')).toBe(
			'must be a postgres or postgresql URL'
		);
		expect(bad(kinds.url('http', 'https'), 'not a url')).toBe('must be a URL (http, https)');
	});

	it('origin: scheme://host[:port], trailing slash dropped, no path', () => {
		expect(ok(kinds.origin(), 'https://pt.example/')).toBe('https://pt.example');
		expect(ok(kinds.origin(), 'http://localhost:3000')).toBe('http://localhost:3000');
		expect(bad(kinds.origin(), 'https://pt.example/app')).toBe(
			'must be an origin (scheme://host[:port]) without a path'
		);
		expect(bad(kinds.origin(), 'ftp://pt.example')).toBe('must be an http(s) origin');
		expect(bad(kinds.origin(), 'localhost:3000')).toBe('must be an http(s) origin');
		expect(bad(kinds.origin(), 'nope')).toBe('must be an origin like https://preptable.example');
	});

	it('origins: a comma-separated list, each checked', () => {
		expect(ok(kinds.origins(), 'https://a.example, http://b.example:8080/,')).toEqual([
			'https://a.example',
			'http://b.example:8080'
		]);
		expect(bad(kinds.origins(), 'https://a.example,b.example')).toBe(
			'"b.example" must be an origin like https://preptable.example'
		);
	});

	it('text: minimum length in bytes; oneOf: listed values only', () => {
		expect(bad(kinds.text(32), 'short')).toBe('must be at least 32 bytes');
		expect(ok(kinds.text(32), 'x'.repeat(32))).toHaveLength(32);
		expect(ok(kinds.oneOf('c', 'node'), 'node')).toBe('node');
		expect(bad(kinds.oneOf('c', 'node'), 'rust')).toBe('must be one of c, node');
	});
});

describe('config', () => {
	it('the variables that used to parse to NaN or fall back silently now refuse, by name', () => {
		setEnv({ TABLE_REQUEST_TTL_MINUTES: 'abc' }); // was Number('abc') → NaN minutes
		expect(thrown(() => config.tableRequestTtlMinutes)).toBe(
			'TABLE_REQUEST_TTL_MINUTES="abc": must be a number above 0'
		);
		setEnv({ REALTIME_HEARTBEAT_MS: '-5' }); // was silently 5000
		expect(thrown(() => config.realtimeHeartbeatMs)).toBe(
			'REALTIME_HEARTBEAT_MS="-5": must be a whole number ≥ 100'
		);
		setEnv({ KIOSK_SESSION_DAYS: '0' });
		expect(thrown(() => config.kioskSessionDays)).toMatch(/^KIOSK_SESSION_DAYS="0"/);
		setEnv({ CUSTOMER_JWT_SECRET: 'too-short' });
		expect(thrown(() => config.customerJwtSecret)).toBe(
			'CUSTOMER_JWT_SECRET="too-short": must be at least 32 bytes'
		);
	});

	it('defaults and derived values', () => {
		setEnv({
			ORIGIN: undefined,
			WEBAUTHN_RP_ORIGIN: undefined,
			PORT: '4000',
			PREPTABLE_EMBEDDED: undefined,
			EVENT_POLL_MS: undefined,
			WEBAUTHN_RP_NAME: undefined
		});
		expect(config.origin).toBe('http://localhost:4000');
		expect(config.webauthnOrigin).toBe('http://localhost:4000');
		expect(config.webauthnRpName).toBe('PrepTable');
		expect(config.eventPollMs).toBe(2000);
		setEnv({ PREPTABLE_EMBEDDED: '1', WEBAUTHN_RP_ORIGIN: 'https://pt.example/' });
		expect(config.eventPollMs).toBe(100);
		expect(config.origin).toBe('https://pt.example');
		setEnv({ ORIGIN: 'http://web.example' });
		expect(config.origin).toBe('http://web.example');
		expect(config.webauthnOrigin).toBe('https://pt.example');
	});

	it('checkConfig() reports every bad variable at once', () => {
		setEnv({ PORT: 'eighty', SSE_MAX_AGE_MS: '1.5', DB_POOL_MAX: '0' });
		const msg = thrown(() => checkConfig());
		expect(msg.split('\n')).toEqual([
			'bad configuration (see README, Configuration):',
			'  PORT="eighty": must be a whole number from 0 to 65535',
			'  DB_POOL_MAX="0": must be a whole number from 1 to 1000',
			'  SSE_MAX_AGE_MS="1.5": must be a whole number ≥ 0'
		]);
		setEnv({ PORT: undefined, SSE_MAX_AGE_MS: undefined, DB_POOL_MAX: undefined });
		expect(() => checkConfig([config, scriptConfig])).not.toThrow();
	});
});

describe('every variable is read here and documented', () => {
	const root = path.resolve('.');
	const source = fs.readFileSync(path.join(root, 'src/lib/server/config.ts'), 'utf8');
	const names = [...source.matchAll(/read\('([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]);

	it('the README Configuration table lists each variable config.ts reads', () => {
		const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
		const section = readme.slice(readme.indexOf('## Configuration'));
		const table = section.slice(0, section.indexOf('\n## '));
		expect(names.length).toBeGreaterThan(40);
		expect(names.filter((n) => !table.includes(`\`${n}\``))).toEqual([]);
	});

	it('no app or script code reads process.env outside config.ts', () => {
		const offenders: string[] = [];
		const walk = (dir: string) => {
			for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
				const p = path.join(dir, e.name);
				if (e.isDirectory()) walk(p);
				else if (/\.(ts|js|svelte)$/.test(e.name) && !/\.test\.ts$/.test(e.name)) {
					if (p.endsWith(path.join('server', 'config.ts'))) continue;
					fs.readFileSync(p, 'utf8')
						.split('\n')
						.forEach((line, i) => {
							// Reads only: passing the environment on ({ ...process.env }) or setting a
							// variable for this process's children is not a read.
							const reads = line
								.replace(/\.\.\.process\.env\b/g, '')
								.replace(/process\.env\.\w+\s*=(?!=)/g, '');
							if (/process\.env\b/.test(reads))
								offenders.push(`${path.relative(root, p)}:${i + 1}`);
						});
				}
			}
		};
		walk(path.join(root, 'src'));
		walk(path.join(root, 'scripts'));
		expect(offenders).toEqual([]);
	});
});
