// A short two-tone chime with Web Audio: no audio file to ship. Browsers only allow sound
// after a user gesture, so screens offer an explicit "Enable sound" button first, and a screen
// that remembers the choice asks for one tap when the browser holds the sound back.
let ctx: AudioContext | null = null;

/** True when sound would play now; false until a gesture lets the audio context run. */
export function soundRunning(): boolean {
	return ctx?.state === 'running';
}

export function enableSound(): boolean {
	try {
		ctx ??= new AudioContext();
		void ctx.resume();
		return true;
	} catch {
		return false;
	}
}

export function chime() {
	if (!ctx) return;
	const t0 = ctx.currentTime;
	for (const [i, freq] of [880, 1320].entries()) {
		const osc = ctx.createOscillator();
		const gain = ctx.createGain();
		osc.frequency.value = freq;
		gain.gain.setValueAtTime(0.0001, t0 + i * 0.18);
		gain.gain.exponentialRampToValueAtTime(0.3, t0 + i * 0.18 + 0.02);
		gain.gain.exponentialRampToValueAtTime(0.0001, t0 + i * 0.18 + 0.16);
		osc.connect(gain).connect(ctx.destination);
		osc.start(t0 + i * 0.18);
		osc.stop(t0 + i * 0.18 + 0.17);
	}
}
