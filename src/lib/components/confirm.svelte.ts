// One question at a time before an action that cannot be taken back with one tap (end a
// session, remove a table, disable an account, change a role). `ask` resolves true only when
// the person confirms; closing the dialog (Escape, Cancel) resolves false.
export interface Question {
	title: string;
	body?: string;
	/** The confirming button's label, a verb ("End session"), never "OK". */
	confirm: string;
	danger?: boolean;
}

export class Confirmer {
	question = $state<Question | null>(null);
	#resolve: ((yes: boolean) => void) | null = null;

	ask(q: Question): Promise<boolean> {
		this.#resolve?.(false);
		this.question = q;
		return new Promise((resolve) => (this.#resolve = resolve));
	}

	answer(yes: boolean) {
		const r = this.#resolve;
		this.#resolve = null;
		this.question = null;
		r?.(yes);
	}
}
