// One `order:created` shape on the kitchen channel: a diner's table order and a Saavor order
// both reach the board as the whole order the kitchen snapshot shows, timestamps included.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { read } from '../../src/lib/server/events/outbox';
import { channels } from '../../src/lib/shared/channels';
import type { OrderEvent } from '../../src/lib/shared/events';
import { createLocation, createUser, type TestUser } from '../support/auth';

const base = inject('baseUrl');
const sql = connect(inject('databaseUrl'), { max: 4 });
afterAll(() => sql.end());

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
let loc: { id: string; slug: string };
let staff: TestUser;
let mealId: string;

beforeAll(async () => {
	loc = await createLocation(sql);
	staff = await createUser(sql, 'staff', [loc.id]);
	await sql`insert into dining_tables (location_id, number, code, seats)
		values (${loc.id}, 1, ${`${loc.slug}-1`}, 4)`;
	const [meal] = await sql<{ id: string }[]>`
		insert into meals (name, description, price_cents)
		values (${`Ceviche ${randomBytes(3).toString('hex')}`}, '', 2500) returning id`;
	mealId = meal.id;
	const [menu] = await sql<{ id: string }[]>`
		insert into menus (name) values (${`Menu ${randomBytes(3).toString('hex')}`}) returning id`;
	await sql`insert into placements (location_id, menu_id, meal_id, position)
		values (${loc.id}, ${menu.id}, ${mealId}, 0)`;
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
	fetch(base + path, {
		method: path.includes('/approve') ? 'PATCH' : 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body)
	});

describe('order:created on the kitchen channel', () => {
	it('a table order carries the whole kitchen order: updated_at, prep_state_changed_at, lines', async () => {
		const table = `/api/customer/${loc.slug}/${loc.slug}-1`;
		const s = (await (await post(`${table}/session`, { customerName: 'Rosa' })).json()).data;
		const approved = await post(`/api/tables/sessions/${s.session.id}/approve`, {}, staff.headers);
		expect(approved.status).toBe(200);
		const placed = await post(
			`${table}/orders`,
			{ idempotencyKey: `k-${s.session.id}`, lines: [{ mealId, quantity: 2, notes: 'no onion' }] },
			{ authorization: `Bearer ${s.token}` }
		);
		expect(placed.status).toBe(201);
		const orderId = (await placed.json()).data.id as string;

		const events = await read(sql, channels.kitchen(loc.id), 0);
		const created = events.filter((e) => e.type === 'order:created');
		expect(created).toHaveLength(1);
		const payload = created[0].payload as OrderEvent;
		expect(payload).toMatchObject({ orderId, sessionId: s.session.id });
		expect(payload.order.updated_at).toMatch(ISO);
		expect(payload.order.prep_state_changed_at).toMatch(ISO);

		// Exactly what the board's snapshot holds for it.
		const snap = await fetch(`${base}/api/v1/locations/${loc.id}/orders`, {
			headers: staff.headers
		});
		const { orders } = (await snap.json()) as { orders: OrderEvent['order'][] };
		expect(payload.order).toEqual(orders.find((o) => o.id === orderId));
		expect(payload.order).toMatchObject({
			location_id: loc.id,
			source: 'table',
			table_number: 1,
			customer_name: 'Rosa',
			prep_state: 'queued',
			total_cents: 5000,
			lines: [{ quantity: 2, notes: 'no onion' }]
		});
		// The diner's own channel and the branch get the same event.
		for (const ch of [channels.session(s.session.id), channels.branch(loc.id)]) {
			const same = (await read(sql, ch, 0)).filter((e) => e.type === 'order:created');
			expect(same.map((e) => e.payload)).toEqual([payload]);
		}
	});
});
