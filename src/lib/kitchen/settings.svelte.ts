// What one kitchen screen remembers about itself (localStorage, per device): text size, timer
// colours, how long a ready ticket stays up, and whether the cook turned sound on.
const KEY = 'preptable:kitchen:';

/** Item text sizes in px; the default is readable at arm's length on a tablet. */
export const TEXT_SIZES = [
	{ px: 22, label: 'Normal' },
	{ px: 28, label: 'Large' },
	{ px: 34, label: 'Extra large' }
] as const;

function num(key: string, fallback: number, min: number, max: number): number {
	const v = Number(localStorage.getItem(KEY + key));
	return Number.isFinite(v) && v >= min && v <= max ? v : fallback;
}

export class KitchenSettings {
	textPx = $state<number>(TEXT_SIZES[0].px);
	warnMin = $state(8);
	lateMin = $state(15);
	autoClearMin = $state(10);
	sound = $state(false);

	/** Reads what this device saved (call in onMount: there is no localStorage on the server). */
	load() {
		this.textPx = num('text', TEXT_SIZES[0].px, 16, 60);
		this.warnMin = num('warn', 8, 1, 120);
		this.lateMin = num('late', 15, 1, 240);
		this.autoClearMin = num('autoclear', 10, 1, 240);
		this.sound = localStorage.getItem(KEY + 'sound') === 'on';
	}

	save() {
		localStorage.setItem(KEY + 'text', String(this.textPx));
		localStorage.setItem(KEY + 'warn', String(this.warnMin));
		localStorage.setItem(KEY + 'late', String(this.lateMin));
		localStorage.setItem(KEY + 'autoclear', String(this.autoClearMin));
		localStorage.setItem(KEY + 'sound', this.sound ? 'on' : 'off');
	}
}
