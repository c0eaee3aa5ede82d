// The diner's state machine without a browser: a fake table-session API, in-memory storage and
// a fake realtime channel drive every transition the screens show.
import { afterEach, describe, expect, it } from 'vitest';
import { HttpError } from '$lib/client/http';
import type { RealtimeEvent } from '$lib/shared/protocol';
import {
	closedView,
	Diner,
	viewFor,
	type DinerDeps,
	type Mine,
	type TableCheck
} from './diner.svelte';

const MENU = {
	branch: { name: 'Downtown Lima' },
	table: { number: 3 },
	items: [
		{
			id: 'm1',
			kind: 'meal',
			name: 'Lomo saltado',
			description: '',
			price_cents: 3200,
			sold_out: false
		},
		{
			id: 'i1',
			kind: 'item',
			name: 'Inca Kola',
			description: '',
			price_cents: 700,
			sold_out: false
		}
	]
};
const MINE: Mine = { sessionId: 's1', token: 'jwt-1', startedAt: '2026-12-01T19:00:00.000Z' };

function memory(): DinerDeps['local'] & { data: Map<string, string> } {
	const data = new Map<string, string>();
	return {
		data,
		getItem: (k) => data.get(k) ?? null,
		setItem: (k, v) => void data.set(k, v),
		removeItem: (k) => void data.delete(k)
	};
}

interface Call {
	method: string;
	path: string;
	body?: unknown;
	token?: string;
}

/** A table whose server side the test moves by hand. */
function table() {
	const server = {
		menu: MENU as unknown,
		check: { hasSession: false } as TableCheck,
		status: 'ended',
		lapsed: false,
		orders: [] as unknown[],
		fail: new Map<string, HttpError>(),
		/** GET /calls: the session's latest calls. */
		calls_: [] as { type: string; status: string }[],
		calls: [] as Call[]
	};
	const followed: string[] = [];
	let changed: ((e?: RealtimeEvent) => void) | null = null;
	const local = memory();
	const tab = memory();
	let n = 0;
	const deps: DinerDeps = {
		async call(method, path, body, token) {
			server.calls.push({ method, path, body, token });
			const failure = server.fail.get(`${method} ${path}`);
			if (failure) throw failure;
			if (path === '/menu') return server.menu;
			if (path === '/check-session') return server.check;
			if (path.startsWith('/session-status/'))
				return { status: server.status, lapsed: server.lapsed };
			if (method === 'POST' && path === '/session') {
				server.check = {
					hasSession: true,
					status: 'pending',
					sessionId: 's1',
					customerName: (body as { customerName: string }).customerName
				};
				return { session: { id: 's1', started_at: MINE.startedAt }, token: 'jwt-1' };
			}
			if (path === '/orders' && method === 'GET') return server.orders;
			if (path === '/orders' && method === 'POST') {
				server.orders = [...server.orders, { id: `o${server.orders.length + 1}` }];
				return { id: 'o' };
			}
			if (path === '/calls' && method === 'GET') return server.calls_;
			if (path === '/calls') return { id: 'c1' };
			if (path === '/session/remind' || path === '/session/cancel') return {};
			throw new Error(`unexpected ${method} ${path}`);
		},
		local,
		tab,
		follow(mine, onChange) {
			followed.push(`session:${mine.sessionId}`);
			changed = onChange;
			return () => {
				followed.push('stopped');
				changed = null;
			};
		},
		uuid: () => `key-${++n}`,
		pollMs: 60_000
	};
	return {
		server,
		local,
		tab,
		followed,
		deps,
		/** The realtime sidecar says something happened on the session channel. */
		push: () => changed?.(),
		pushEvent: (e: unknown) => changed?.(e as RealtimeEvent)
	};
}

let diners: Diner[] = [];
function open(t: ReturnType<typeof table>, joined?: { sessionId: string; token: string }) {
	const d = new Diner('downtown-lima', 'downtown-lima-3', t.deps);
	diners.push(d);
	return { d, started: d.start(['es-PE'], joined) };
}
afterEach(() => {
	diners.forEach((d) => d.stop());
	diners = [];
});

/** Lets the fake realtime push's refresh() settle. */
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('viewFor (pure)', () => {
	it('maps the table check onto a view', () => {
		expect(viewFor({ hasSession: false }, null)).toEqual({ name: 'request' });
		expect(viewFor({ hasSession: true, status: 'active', sessionId: 'x' }, null)).toEqual({
			name: 'busy',
			status: 'active',
			customerName: ''
		});
		const mine = viewFor({ hasSession: true, status: 'pending', sessionId: 's1' }, MINE);
		expect(mine).toEqual({ name: 'waiting', mine: MINE });
		expect(viewFor({ hasSession: true, status: 'active', sessionId: 's1' }, MINE)).toEqual({
			name: 'menu',
			mine: MINE
		});
		expect(viewFor({ hasSession: false }, MINE)).toBe('gone');
		expect(viewFor({ hasSession: true, status: 'pending', sessionId: 's2' }, MINE)).toBe('gone');
		expect(closedView('rejected')).toEqual({ name: 'rejected' });
		expect(closedView('ended')).toEqual({ name: 'ended' });
		expect(closedView(undefined)).toEqual({ name: 'ended' });
	});
});

describe('Diner', () => {
	it('starts loading, then shows the request form of a free table in the phone language', async () => {
		const t = table();
		const { d, started } = open(t);
		expect(d.view).toEqual({ name: 'loading' });
		await started;
		expect(d.view).toEqual({ name: 'request' });
		expect(d.lang).toBe('es');
		expect(d.t.requestTitle).toBe('Pide esta mesa');
		expect([d.branchName, d.tableNumber, d.items.length]).toEqual(['Downtown Lima', 3, 2]);
		expect(t.followed).toEqual([]);
	});

	it('says not found for an unknown table, and shows other failures as an error', async () => {
		const t = table();
		t.server.fail.set('GET /menu', new HttpError(404, 'NOT_FOUND', 'Table not found'));
		const a = open(t);
		await a.started;
		expect(a.d.view).toEqual({ name: 'notfound' });
		expect(a.d.error).toBe('');

		t.server.fail.set('GET /menu', new HttpError(0, 'NETWORK_ERROR', 'Failed to fetch'));
		const b = open(t);
		await b.started;
		expect(b.d.view).toEqual({ name: 'loading' });
		expect(b.d.error).toBe('errOffline'); // plain words, never the browser's message
	});

	it('request → waiting (following its channel) → approved → menu with the table orders', async () => {
		const t = table();
		const { d, started } = open(t);
		await started;
		await d.requestTable('  Lucía ', ' ');
		expect(t.server.calls.find((c) => c.path === '/session')?.body).toEqual({
			customerName: 'Lucía'
		});
		expect(d.view).toEqual({ name: 'waiting', mine: MINE });
		expect(JSON.parse(t.local.getItem('preptable:diner:downtown-lima-3')!)).toEqual(MINE);
		expect(t.followed).toEqual(['session:s1']);
		expect(d.busy).toBe(false);

		t.server.check = { hasSession: true, status: 'active', sessionId: 's1' };
		t.server.orders = [{ id: 'o1' }];
		t.push();
		await settle();
		expect(d.view).toEqual({ name: 'menu', mine: MINE });
		expect(d.orders).toEqual([{ id: 'o1' }]);
		const orders = t.server.calls.filter((c) => c.path === '/orders');
		expect(orders.every((c) => c.token === 'jwt-1')).toBe(true);
		expect(t.followed).toEqual(['session:s1']); // one subscription, not one per refresh
	});

	it('a refused request shows the error and where the table stands now', async () => {
		const t = table();
		const { d, started } = open(t);
		await started;
		t.server.fail.set(
			'POST /session',
			new HttpError(409, 'SESSION_PENDING', 'This table is waiting for approval')
		);
		t.server.check = {
			hasSession: true,
			status: 'pending',
			sessionId: 's9',
			customerName: 'Pedro'
		};
		await d.requestTable('Quinn', '');
		expect(d.error).toBe('errTableTaken');
		expect(d.view).toEqual({ name: 'busy', status: 'pending', customerName: 'Pedro' });
		expect(d.mine).toBeNull();
	});

	it('rejected → try again → request; ended stops following', async () => {
		const t = table();
		t.local.setItem('preptable:diner:downtown-lima-3', JSON.stringify(MINE));
		t.server.check = { hasSession: true, status: 'pending', sessionId: 's1' };
		const { d, started } = open(t);
		await started;
		expect(d.view.name).toBe('waiting');

		t.server.check = { hasSession: false };
		t.server.status = 'rejected';
		t.push();
		await settle();
		expect(d.view).toEqual({ name: 'rejected' });
		expect(t.followed).toEqual(['session:s1', 'stopped']);
		expect(t.server.calls.some((c) => c.path === '/session-status/s1')).toBe(true);

		d.startOver();
		expect(d.view).toEqual({ name: 'request' });
		expect(t.local.getItem('preptable:diner:downtown-lima-3')).toBeNull();

		const again = table();
		again.local.setItem('preptable:diner:downtown-lima-3', JSON.stringify(MINE));
		again.server.check = { hasSession: true, status: 'active', sessionId: 's1' };
		const e = open(again);
		await e.started;
		again.server.check = { hasSession: false };
		again.server.status = 'ended';
		again.push();
		await settle();
		expect(e.d.view).toEqual({ name: 'ended' });
		expect(again.followed).toEqual(['session:s1', 'stopped']);
	});

	it('an ended visit is forgotten: a reload starts a new one, not "thanks" forever', async () => {
		const t = table();
		t.local.setItem('preptable:diner:downtown-lima-3', JSON.stringify(MINE));
		t.server.check = { hasSession: false };
		t.server.status = 'ended';
		const { d, started } = open(t);
		await started;
		expect(d.view).toEqual({ name: 'ended' });
		expect(d.notice).toBeNull();
		expect(t.local.getItem('preptable:diner:downtown-lima-3')).toBeNull();
		// The next load of this page on this phone.
		const next = open(t);
		await next.started;
		expect(next.d.view).toEqual({ name: 'request' });
		d.startOver();
		expect(d.view).toEqual({ name: 'request' });
	});

	it('a request nobody answered in time says it timed out, not that it was refused', async () => {
		const t = table();
		t.local.setItem('preptable:diner:downtown-lima-3', JSON.stringify(MINE));
		t.server.check = { hasSession: false };
		t.server.status = 'rejected';
		t.server.lapsed = true;
		const { d, started } = open(t);
		await started;
		expect(d.view).toEqual({ name: 'lapsed' });
		expect(closedView('rejected', true)).toEqual({ name: 'lapsed' });
		expect(closedView('rejected', false)).toEqual({ name: 'rejected' });
	});

	it('joins the session of an invite link and keeps the cart across reloads', async () => {
		const t = table();
		t.server.check = { hasSession: true, status: 'active', sessionId: 's7' };
		const { d, started } = open(t, { sessionId: 's7', token: 'jwt-7' });
		await started;
		expect(d.view.name).toBe('menu');
		expect(d.mine).toMatchObject({ sessionId: 's7', token: 'jwt-7' });
		d.add(d.items[0]);
		d.add(d.items[0]);
		d.add(d.items[1]);
		d.removeOne('i1');
		d.add(d.items[1]);
		expect([d.cartCount, d.cartTotal]).toEqual([3, 2 * 3200 + 700]);

		const reloaded = open(t);
		await reloaded.started;
		expect(reloaded.d.mine?.sessionId).toBe('s7');
		expect(reloaded.d.cart.map((l) => [l.id, l.quantity])).toEqual([
			['m1', 2],
			['i1', 1]
		]);
	});

	it('places an order once per cart: a failed send is retried with the same key', async () => {
		const t = table();
		t.local.setItem('preptable:diner:downtown-lima-3', JSON.stringify(MINE));
		t.server.check = { hasSession: true, status: 'active', sessionId: 's1' };
		const { d, started } = open(t);
		await started;
		expect(await d.placeOrder('')).toBe(false); // empty cart: nothing sent
		d.add(d.items[0]);
		d.add(d.items[1]);

		t.server.fail.set('POST /orders', new HttpError(0, 'NETWORK_ERROR', 'Failed to fetch'));
		expect(await d.placeOrder(' sin cebolla ')).toBe(false);
		expect(d.orderError).toBe('errOffline');
		expect(d.cart).toHaveLength(2);

		t.server.fail.delete('POST /orders');
		expect(await d.placeOrder(' sin cebolla ')).toBe(true);
		const posts = t.server.calls.filter((c) => c.method === 'POST' && c.path === '/orders');
		expect(posts.map((c) => (c.body as { idempotencyKey: string }).idempotencyKey)).toEqual([
			'key-1',
			'key-1'
		]);
		expect(posts[1].body).toEqual({
			idempotencyKey: 'key-1',
			notes: 'sin cebolla',
			lines: [
				{ mealId: 'm1', quantity: 1 },
				{ itemId: 'i1', quantity: 1 }
			]
		});
		expect(posts[1].token).toBe('jwt-1');
		expect([d.orderError, d.cart.length, d.orders.length]).toEqual(['', 0, 1]);
		// The confirmation is the order the server answered with, shown where the cart was.
		expect(d.sent?.id).toBe('o');
		expect(t.tab.data.size).toBe(0);

		d.add(d.items[0]);
		expect(d.sent).toBeNull(); // a new cart replaces the confirmation
		await d.placeOrder('');
		const last = t.server.calls.filter((c) => c.method === 'POST' && c.path === '/orders').at(-1);
		expect((last?.body as { idempotencyKey: string }).idempotencyKey).toBe('key-2');
	});

	it('calls staff: pending until staff take it (event or poll), then the diner is told', async () => {
		const t = table();
		t.local.setItem('preptable:diner:downtown-lima-3', JSON.stringify(MINE));
		t.server.check = { hasSession: true, status: 'active', sessionId: 's1' };
		const { d, started } = open(t);
		await started;
		await d.callStaff('waiter');
		expect([d.calls.waiter, d.notice, d.error]).toEqual(['pending', null, '']);
		// Staff take it: the session channel says so.
		t.pushEvent({
			event: 'call:acknowledged',
			payload: { callId: 'c1', type: 'waiter', tableId: 't' }
		});
		expect([d.calls.waiter, d.notice]).toEqual(['acknowledged', 'callSent']);

		t.server.fail.set('POST /calls', new HttpError(409, 'CALL_PENDING', 'Already called'));
		await d.callStaff('bill');
		expect([d.calls.bill, d.error]).toEqual(['pending', '']);
		// Taken while no event arrived: the next refresh finds it no longer pending.
		t.server.calls_ = [{ type: 'bill', status: 'acknowledged' }];
		await d.refresh();
		expect([d.calls.bill, d.notice]).toEqual(['acknowledged', 'billSent']);

		t.server.fail.set('POST /calls', new HttpError(403, 'SESSION_ENDED', 'Session ended'));
		await d.callStaff('bill');
		expect(d.error).toBe('errSession');
	});

	it('wait screen: reminds the staff once; cancel withdraws the request and frees the phone', async () => {
		const t = table();
		const { d, started } = open(t);
		await started;
		await d.requestTable('Lucía', '');
		expect(d.view.name).toBe('waiting');
		await d.remind();
		await d.remind();
		expect(d.reminded).toBe(true);
		const reminds = t.server.calls.filter((c) => c.path === '/session/remind');
		expect(reminds.map((c) => c.token)).toEqual(['jwt-1']);

		await d.cancelRequest();
		expect(t.server.calls.at(-1)).toMatchObject({
			method: 'POST',
			path: '/session/cancel',
			token: 'jwt-1'
		});
		expect([d.view.name, d.notice, d.mine, d.reminded]).toEqual([
			'request',
			'requestCancelled',
			null,
			false
		]);
		expect(t.local.getItem('preptable:diner:downtown-lima-3')).toBeNull();
		expect(t.followed.at(-1)).toBe('stopped');
	});

	it('remembers the language switch', async () => {
		const t = table();
		const { d, started } = open(t);
		await started;
		expect(d.switchLang()).toBe('en');
		expect(d.t.requestTitle).toBe('Ask for this table');
		const again = open(t);
		await again.started;
		expect(again.d.lang).toBe('en');
	});
});
