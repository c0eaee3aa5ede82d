// What a management screen shows around its buttons: one action at a time (busy), its outcome
// (error or notice, announced by role=alert/status in the page), then the screen reloads.
import { describeError } from '$lib/auth/passkey';

export class Actions {
	busy = $state(false);
	error = $state('');
	notice = $state('');

	constructor(private reload: () => Promise<unknown>) {}

	async run<T>(action: () => Promise<T>, done: string): Promise<T | undefined> {
		this.busy = true;
		this.error = '';
		this.notice = '';
		try {
			const result = await action();
			this.notice = done;
			await this.reload();
			return result;
		} catch (e) {
			this.error = describeError(e);
		} finally {
			this.busy = false;
		}
	}
}
