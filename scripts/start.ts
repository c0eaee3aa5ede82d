import { launch } from './lib/launcher';

launch().catch((e) => {
	console.error('FATAL', e instanceof Error ? e.message : e);
	process.exit(1);
});
