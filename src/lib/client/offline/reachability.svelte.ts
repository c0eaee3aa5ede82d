/* eslint-disable svelte/prefer-svelte-reactivity -- every Date here is built once and assigned
   whole; none is mutated in place. */
// Whether a staff screen's server answers, as the screen learns it (issue 12): a request with no
// answer at all means offline since then, until one gets through. While offline the screen's
// `probe` (its reload) is retried on its own, doubling the wait up to 30 s with jitter, and at
// once on the browser's `online` event. "Since" survives a reload, so a screen reopened in the
// walk-in still says when the signal went.
import { backoff } from '$lib/shared/backoff';

export class Reachability {
	/** Since when nothing reached the server; null while it does. */
	offlineSince = $state<Date | null>(null);
	private failures = 0;
	private timer: ReturnType<typeof setTimeout> | undefined;
	private readonly onOnline = () => this.retryNow();
	private readonly onOffline = () => this.failed();

	constructor(
		private key: string,
		/** Tries the server again; it calls ok() or failed() itself. */
		private probe: () => unknown
	) {}

	start() {
		const saved = localStorage.getItem(this.key);
		if (!navigator.onLine) {
			this.offlineSince = saved ? new Date(saved) : null;
			this.failed();
		} else if (saved) localStorage.removeItem(this.key);
		addEventListener('online', this.onOnline);
		addEventListener('offline', this.onOffline);
	}

	stop() {
		clearTimeout(this.timer);
		// onDestroy runs during server rendering too, where there is no window.
		if (typeof window === 'undefined') return;
		removeEventListener('online', this.onOnline);
		removeEventListener('offline', this.onOffline);
	}

	/** No answer: offline (since now, if not already) and try again a little later each time. */
	failed() {
		if (!this.offlineSince) {
			this.offlineSince = new Date();
			localStorage.setItem(this.key, this.offlineSince.toISOString());
		}
		clearTimeout(this.timer);
		this.timer = setTimeout(
			() => void this.probe(),
			backoff(this.failures++, 1000, 30_000, Math.random())
		);
	}

	/** An answer came back. */
	ok() {
		clearTimeout(this.timer);
		this.failures = 0;
		if (this.offlineSince) {
			this.offlineSince = null;
			localStorage.removeItem(this.key);
		}
	}

	retryNow() {
		clearTimeout(this.timer);
		this.failures = 0;
		void this.probe();
	}
}
