// Wire protocol of the realtime sidecar (JSON text frames). Client → server:
//   {type:'subscribe', channel, since?}  {type:'unsubscribe', channel}
export interface RealtimeEvent {
	channel: string;
	seq: number;
	/** Event type, e.g. 'order:created'. */
	event: string;
	payload: unknown;
	createdAt: string;
}

export type ServerMessage =
	| ({ type: 'event' } & RealtimeEvent)
	| { type: 'subscribed'; channel: string; seq: number }
	| { type: 'reset'; channel: string; seq: number }
	| { type: 'heartbeat'; seqs: Record<string, number> }
	| { type: 'error'; code: string; message: string; channel?: string };
