import { describe, expect, it } from 'vitest';
import { sseEventFrame, sseFrame, wsEventFrame } from './protocol';

const row = {
	channel: 'kitchen:x',
	seq: 7,
	type: 'call:acknowledged',
	payload: { callId: 'c', type: 'waiter', tableId: 't' },
	created_at: new Date('2026-01-01T10:00:00.123Z')
};

describe('event frames', () => {
	it('WebSocket: one JSON message of type event', () => {
		expect(JSON.parse(wsEventFrame(row))).toEqual({
			type: 'event',
			channel: 'kitchen:x',
			seq: 7,
			event: 'call:acknowledged',
			payload: row.payload,
			createdAt: '2026-01-01T10:00:00.123Z'
		});
	});

	it('SSE: id is the seq, event the type, data the same event', () => {
		const f = sseEventFrame(row);
		const [id, event, data, ...rest] = f.split('\n');
		expect(id).toBe('id: 7');
		expect(event).toBe('event: call:acknowledged');
		expect(rest).toEqual(['', '']);
		expect(JSON.parse(data.slice('data: '.length))).toEqual({
			channel: 'kitchen:x',
			seq: 7,
			type: 'call:acknowledged',
			payload: row.payload,
			createdAt: '2026-01-01T10:00:00.123Z'
		});
		expect(sseFrame({ event: 'hello', data: { channel: 'kitchen:x', seq: 3 } })).toBe(
			'event: hello\ndata: {"channel":"kitchen:x","seq":3}\n\n'
		);
	});
});
