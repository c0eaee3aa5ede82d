import { afterAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { createUser } from '../support/auth';
import { SseReader } from '../support/sse';

const base = inject('baseUrl');
const sql = connect(inject('databaseUrl'), { max: 2 });
afterAll(() => sql.end());

describe('staff branch stream', () => {
	it('delivers requests, approvals, orders and calls live; refuses other branches', async () => {
		const { locationId } = await seedDemo(sql);
		await sql`update table_sessions set status = 'completed' where table_id in (select id from dining_tables where code = 'downtown-lima-9') and status in ('pending','active')`;
		const staff = await createUser(sql, 'staff', [locationId]);
		const stranger = await createUser(sql, 'staff', []);
		const denied = await fetch(`${base}/api/tables/events?location_id=${locationId}`, {
			headers: stranger.headers
		});
		expect(denied.status).toBe(403);
		const s = await SseReader.open(
			`${base}/api/tables/events?location_id=${locationId}`,
			staff.headers
		);
		await s.waitFor((f) => f.some((x) => x.event === 'hello'));
		const post = (path: string, body: unknown, token?: string) =>
			fetch(`${base}/api/customer/downtown-lima/downtown-lima-9${path}`, {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					...(token ? { authorization: `Bearer ${token}` } : {})
				},
				body: JSON.stringify(body)
			}).then((r) => r.json());
		const { data } = await post('/session', { customerName: 'Stream' });
		await s.waitFor((f) => f.some((x) => x.event === 'session:pending'));
		await fetch(`${base}/api/tables/sessions/${data.session.id}/approve`, {
			method: 'PATCH',
			headers: staff.headers
		});
		await s.waitFor((f) => f.some((x) => x.event === 'session:approved'));
		const menu = (
			await (await fetch(`${base}/api/customer/downtown-lima/downtown-lima-9/menu`)).json()
		).data.items;
		const placed = await post(
			'/orders',
			{ idempotencyKey: 'stream-1-key', lines: [{ mealId: menu[0].id, quantity: 1 }] },
			data.token
		);
		expect(placed.success).toBe(true);
		await s.waitFor((f) => f.some((x) => x.event === 'order:created'));
		await post('/calls', { type: 'bill' }, data.token);
		await s.waitFor((f) => f.some((x) => x.event === 'call:created'));
		s.close();
	});
});
