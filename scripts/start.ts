import { ConfigError } from '../src/lib/server/config';
import { launch } from './lib/launcher';

launch().catch((e) => {
	console.error('FATAL', e instanceof Error ? e.message : e);
	process.exit(e instanceof ConfigError ? 78 : 1); // EX_CONFIG, like the web server and sidecar
});
