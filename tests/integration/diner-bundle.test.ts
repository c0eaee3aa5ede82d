// The diner's first-load JavaScript stays within budget (issue: ≤ 100 KB gzip). The global
// setup has just built the app, so this measures the real output.
import { describe, expect, it } from 'vitest';
import { measureDinerBundle } from '../../scripts/diner-bundle-size';

describe('diner bundle', () => {
	it('first-load JS of /{branch}/{table} is ≤ 100 KB gzip', () => {
		const r = measureDinerBundle();
		expect(r.files).toBeGreaterThan(3);
		expect(r.kb).toBeLessThanOrEqual(100);
	});
});
