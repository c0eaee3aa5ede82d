// Wire protocol of both event streams: the realtime sidecar (WebSocket, JSON text frames;
// src/realtime/README.md) and the SSE endpoints. An event frame is built in one place,
// `realtimeEvent`, from an outbox row, and serialized per transport by `wsFrame` / `sseFrame`.
import type { EventPayload, EventType } from './events';

/** One outbox row as read from the database. */
export interface OutboxRow {
	channel: string;
	seq: number;
	type: string;
	payload: unknown;
	created_at: Date | string;
}

type EventOf<K extends EventType> = {
	channel: string;
	seq: number;
	/** Event type, e.g. 'order:created'. */
	event: K;
	payload: EventPayload<K>;
	/** When the event was committed (RFC 3339). */
	createdAt: string;
};

/** One delivered event, narrowed by `event` to its payload type. */
export type RealtimeEvent = { [K in EventType]: EventOf<K> }[EventType];

/** Client → sidecar. */
export type ClientMessage =
	{ type: 'subscribe'; channel: string; since?: number } | { type: 'unsubscribe'; channel: string };

/** Sidecar → client. */
export type ServerMessage =
	| ({ type: 'event' } & RealtimeEvent)
	| { type: 'subscribed'; channel: string; seq: number }
	| { type: 'reset'; channel: string; seq: number }
	| { type: 'heartbeat'; seqs: Record<string, number> }
	| { type: 'error'; code: string; message: string; channel?: string };

/** SSE `data:` of an event (the SSE `event:` field names the type, `id:` is the seq). */
export type SseEventData = {
	[K in EventType]: {
		channel: string;
		seq: number;
		type: K;
		payload: EventPayload<K>;
		createdAt: string;
	};
}[EventType];

/** SSE messages; `hello` (fresh start), `reset` and `heartbeat` carry the channel's seq. */
export type SseMessage =
	| { event: 'hello' | 'reset' | 'heartbeat'; data: { channel: string; seq: number } }
	| { event: EventType; id: number; data: SseEventData };

/**
 * The event frame of an outbox row. Rows are written only by the server's typed `emit`, so
 * the type names a payload of the event map (tests may write others through the raw append).
 */
export function realtimeEvent(row: OutboxRow): RealtimeEvent {
	return {
		channel: row.channel,
		seq: row.seq,
		event: row.type as EventType,
		payload: row.payload as never,
		createdAt: typeof row.created_at === 'string' ? row.created_at : row.created_at.toISOString()
	};
}

/** A WebSocket text frame. */
export function wsFrame(m: ServerMessage): string {
	return JSON.stringify(m);
}

/** A WebSocket event frame of an outbox row. */
export function wsEventFrame(row: OutboxRow): string {
	return wsFrame({ type: 'event', ...realtimeEvent(row) });
}

/** An SSE message. */
export function sseFrame(m: SseMessage): string {
	const id = 'id' in m ? `id: ${m.id}\n` : '';
	return `${id}event: ${m.event}\ndata: ${JSON.stringify(m.data)}\n\n`;
}

/** An SSE event message of an outbox row. */
export function sseEventFrame(row: OutboxRow): string {
	const { event, ...rest } = realtimeEvent(row);
	return sseFrame({ event, id: rest.seq, data: { ...rest, type: event } as SseEventData });
}
