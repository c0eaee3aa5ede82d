// Loads uWebSockets.js and refuses the package's silent pure-JS fallback: the sidecar exists
// for the native server's memory and throughput, and the fallback quietly loses both.
import { createRequire } from 'node:module';
import type * as UWS from 'uWebSockets.js';

export type Uws = typeof UWS;

export function assertNative(uws: Pick<Uws, 'App'>): void {
	const name = uws.App().constructor.name;
	if (name !== 'uWS.App') {
		throw new Error(
			`uWebSockets.js native binary is not loaded (got ${name || 'a fallback'}); ` +
				`Node ${process.version} ${process.platform}-${process.arch} abi ${process.versions.modules}. ` +
				'Refusing to start on the slow fallback.'
		);
	}
}

export function loadUws(): Uws {
	const uws = createRequire(import.meta.url)('uWebSockets.js') as Uws;
	assertNative(uws);
	return uws;
}
