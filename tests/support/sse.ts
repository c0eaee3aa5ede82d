// A minimal SSE client for tests: reads frames from a fetch() body.
export interface SseFrame {
	id?: string;
	event: string;
	data: string;
}

export class SseReader {
	frames: SseFrame[] = [];
	private waiters: (() => void)[] = [];
	private controller = new AbortController();
	status = 0;
	done: Promise<void> = Promise.resolve();

	static async open(url: string, headers: Record<string, string> = {}): Promise<SseReader> {
		const r = new SseReader();
		const res = await fetch(url, { headers, signal: r.controller.signal });
		r.status = res.status;
		if (!res.ok || !res.body) return r;
		r.done = r.pump(res.body).catch(() => {});
		return r;
	}

	private async pump(body: ReadableStream<Uint8Array>) {
		const dec = new TextDecoder();
		let buf = '';
		for await (const chunk of body) {
			buf += dec.decode(chunk, { stream: true });
			let i;
			while ((i = buf.indexOf('\n\n')) >= 0) {
				const block = buf.slice(0, i);
				buf = buf.slice(i + 2);
				const f: SseFrame = { event: 'message', data: '' };
				let hasData = false;
				for (const line of block.split('\n')) {
					if (line.startsWith(':')) continue;
					const [k, ...rest] = line.split(':');
					const v = rest.join(':').replace(/^ /, '');
					if (k === 'id') f.id = v;
					else if (k === 'event') f.event = v;
					else if (k === 'data') {
						f.data += (hasData ? '\n' : '') + v;
						hasData = true;
					}
				}
				if (hasData) {
					this.frames.push(f);
					this.waiters.splice(0).forEach((w) => w());
				}
			}
		}
	}

	events(type?: string): SseFrame[] {
		return this.frames.filter((f) => (type ? f.event === type : true));
	}

	async waitFor(pred: (frames: SseFrame[]) => boolean, timeoutMs = 10_000): Promise<void> {
		const until = Date.now() + timeoutMs;
		while (!pred(this.frames)) {
			const left = until - Date.now();
			if (left <= 0) throw new Error(`timed out; frames: ${JSON.stringify(this.frames.slice(-5))}`);
			await new Promise<void>((r) => {
				const t = setTimeout(r, Math.min(left, 200));
				this.waiters.push(() => (clearTimeout(t), r()));
			});
		}
	}

	close() {
		this.controller.abort();
	}
}
