import { describe, expect, it } from 'vitest';
import { RealtimeClient } from './client.svelte';

// A socket the test drives: it records what the client sends and answers on cue.
function fakeSocket() {
	const sent: unknown[] = [];
	const sock = {
		readyState: 1,
		sent,
		onopen: null as null | (() => void),
		onmessage: null as null | ((ev: { data: unknown }) => void),
		onclose: null as null | ((ev: { code: number; reason: string }) => void),
		onerror: null,
		send: (m: string) => sent.push(JSON.parse(m)),
		close: () => {},
		say: (m: object) => sock.onmessage?.({ data: JSON.stringify(m) })
	};
	return sock;
}

describe('RealtimeClient', () => {
	it('tells the caller when a channel is subscribed from the head, once, so it can reload', async () => {
		const sock = fakeSocket();
		const subscribed: [string, number][] = [];
		const events: number[] = [];
		const c = new RealtimeClient({
			url: 'ws://x/ws',
			heartbeatMs: 60_000,
			createSocket: () => sock as never,
			onSubscribed: (ch, seq) => subscribed.push([ch, seq]),
			onEvent: (e) => events.push(e.seq)
		});
		c.subscribe('menu:a');
		c.start();
		await new Promise((r) => setTimeout(r, 0));
		sock.onopen?.();
		expect(sock.sent).toEqual([{ type: 'subscribe', channel: 'menu:a' }]);
		sock.say({ type: 'subscribed', channel: 'menu:a', seq: 7 });
		sock.say({ type: 'event', channel: 'menu:a', seq: 8, event: 'menu:changed', payload: {} });
		// A resubscribe after a reconnect resumes from 8: nothing to reload.
		sock.say({ type: 'subscribed', channel: 'menu:a', seq: 8 });
		expect(subscribed).toEqual([['menu:a', 7]]);
		expect(events).toEqual([8]);
		c.stop();
	});
});
