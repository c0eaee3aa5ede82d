// `npm run build` prerenders /shell, which runs the server hooks' init: with DATABASE_URL set it
// must not start the Saavor outbound worker (or any other background work) inside the build.
import { afterEach, describe, expect, it, vi } from 'vitest';

const env = vi.hoisted(() => ({ building: false }));
vi.mock('$app/environment', () => ({
	get building() {
		return env.building;
	},
	browser: false,
	dev: false,
	version: 'test'
}));
const startOutboundWorker = vi.hoisted(() => vi.fn());
vi.mock('$lib/server/kitchen/saavor', () => ({ startOutboundWorker }));

describe('hooks init', () => {
	const saved = process.env.DATABASE_URL;
	afterEach(() => {
		process.env.DATABASE_URL = saved;
		startOutboundWorker.mockClear();
	});

	it('starts no background work while building or prerendering', async () => {
		process.env.DATABASE_URL = 'postgres://nobody@127.0.0.1:1/none';
		env.building = true;
		const { init } = await import('./hooks.server');
		await init();
		expect(startOutboundWorker).not.toHaveBeenCalled();
		// The first import transforms the whole server graph: seconds on a loaded machine.
	}, 60_000);

	it('starts the outbound worker when serving with a database', async () => {
		process.env.DATABASE_URL = 'postgres://nobody@127.0.0.1:1/none';
		env.building = false;
		const { init } = await import('./hooks.server');
		await init();
		expect(startOutboundWorker).toHaveBeenCalledTimes(1);
	}, 60_000);
});
