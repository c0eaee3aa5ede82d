// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Identity } from '$lib/server/auth/identity';

declare global {
	namespace App {
		interface Locals {
			/** Staff/kiosk identity from the preptable_session cookie, resolved in hooks.server.ts. */
			identity: Identity | null;
		}
	}
}

export {};
