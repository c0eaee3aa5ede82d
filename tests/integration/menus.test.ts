// Menus, dayparts, placements and the live menu (/api/v1): the contract, the gates that the
// matrix cannot see (staff may only toggle sold_out), the resolver through HTTP, and the
// menu:changed events that signage and diners follow.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/lib/server/db/index';
import { createLocation, createUser, type TestUser } from '../support/auth';
import { caller } from '../support/api';

const base = inject('baseUrl');
const sql = connect(inject('databaseUrl'), { max: 2 });
afterAll(() => sql.end());

let admin: TestUser, manager: TestUser, staff: TestUser, outsider: TestUser;
let here: { id: string; slug: string };
let away: { id: string; slug: string };

const call = caller(base);
const tag = () => randomBytes(3).toString('hex');

async function meal(price = 1500) {
	const [m] = await sql<{ id: string; name: string }[]>`
		insert into meals (name, price_cents) values (${'Dish ' + tag()}, ${price}) returning id, name`;
	return m;
}
async function menu() {
	const r = await call('POST', '/api/v1/menus', admin, { name: `Menu ${tag()}` });
	expect(r.status).toBe(201);
	return (await r.json()) as { id: string; name: string };
}

beforeAll(async () => {
	here = await createLocation(sql);
	away = await createLocation(sql);
	await sql`update locations set timezone = 'America/Lima' where id = ${here.id}`;
	admin = await createUser(sql, 'admin');
	manager = await createUser(sql, 'manager', [here.id]);
	staff = await createUser(sql, 'staff', [here.id]);
	outsider = await createUser(sql, 'manager', [away.id]);
});

describe('menus (tenant-global, admin writes)', () => {
	it('create, read, rename, list; duplicate name 409; managers 403; delete', async () => {
		const name = `Fall lunch ${tag()}`;
		const c = await call('POST', '/api/v1/menus', admin, { name, description: 'Autumn' });
		expect(c.status).toBe(201);
		const m = await c.json();
		expect(m).toMatchObject({ name, description: 'Autumn' });
		expect(m.id).toMatch(/^[0-9a-f-]{36}$/);
		expect((await call('POST', '/api/v1/menus', admin, { name })).status).toBe(409);
		expect((await call('POST', '/api/v1/menus', manager, { name: 'x' + name })).status).toBe(403);
		expect((await call('PUT', `/api/v1/menus/${m.id}`, manager, { name: 'y' })).status).toBe(403);
		const g = await call('GET', `/api/v1/menus/${m.id}`, staff);
		expect(g.status).toBe(200);
		const u = await call('PUT', `/api/v1/menus/${m.id}`, admin, { name: name + ' II' });
		expect(u.status).toBe(200);
		expect((await u.json()).name).toBe(name + ' II');
		const list = await (await call('GET', '/api/v1/menus', staff)).json();
		expect(list.map((x: { id: string }) => x.id)).toContain(m.id);
		expect((await call('DELETE', `/api/v1/menus/${m.id}`, admin)).status).toBe(204);
		expect((await call('GET', `/api/v1/menus/${m.id}`, admin)).status).toBe(404);
		expect((await call('POST', '/api/v1/menus', admin, { name: '' })).status).toBe(400);
	});

	it('a menu that is placed somewhere cannot be deleted (409)', async () => {
		const mn = await menu();
		const d = await meal();
		const p = await call('POST', `/api/v1/locations/${here.id}/placements`, manager, {
			menu_id: mn.id,
			meal_id: d.id
		});
		expect(p.status).toBe(201);
		expect((await call('DELETE', `/api/v1/menus/${mn.id}`, admin)).status).toBe(409);
		await call('DELETE', `/api/v1/placements/${(await p.json()).id}`, manager);
		expect((await call('DELETE', `/api/v1/menus/${mn.id}`, admin)).status).toBe(204);
	});
});

describe('dayparts (per location, manager-of-location writes)', () => {
	it('create (days sorted, times HH:MM:SS), list, edit, delete; staff and other managers 403', async () => {
		const c = await call('POST', `/api/v1/locations/${here.id}/dayparts`, manager, {
			name: `Late ${tag()}`,
			days: [6, 5],
			starts_at: '22:00',
			ends_at: '02:00'
		});
		expect(c.status).toBe(201);
		const d = await c.json();
		expect(d).toMatchObject({
			location_id: here.id,
			days: [5, 6],
			starts_at: '22:00:00',
			ends_at: '02:00:00'
		});
		const body = { name: 'nope', starts_at: '10:00', ends_at: '11:00' };
		expect((await call('POST', `/api/v1/locations/${here.id}/dayparts`, staff, body)).status).toBe(
			403
		);
		expect(
			(await call('POST', `/api/v1/locations/${here.id}/dayparts`, outsider, body)).status
		).toBe(403);
		expect((await call('PUT', `/api/v1/dayparts/${d.id}`, outsider, { name: 'x' })).status).toBe(
			403
		);
		expect((await call('PUT', `/api/v1/dayparts/${d.id}`, staff, { name: 'x' })).status).toBe(403);
		const list = await (await call('GET', `/api/v1/locations/${here.id}/dayparts`, staff)).json();
		expect(list.map((x: { id: string }) => x.id)).toContain(d.id);
		expect(
			await (await call('GET', `/api/v1/locations/${here.id}/dayparts`, outsider)).json()
		).toEqual([]);
		const u = await call('PUT', `/api/v1/dayparts/${d.id}`, manager, { ends_at: '03:30' });
		expect(u.status).toBe(200);
		expect((await u.json()).ends_at).toBe('03:30:00');
		expect((await call('DELETE', `/api/v1/dayparts/${d.id}`, manager)).status).toBe(204);
		expect((await call('PUT', `/api/v1/dayparts/${d.id}`, manager, { name: 'x' })).status).toBe(
			404
		);
	});

	it('refuses bad times, weekdays and duplicate names', async () => {
		const path = `/api/v1/locations/${here.id}/dayparts`;
		for (const bad of [
			{ name: 'a', starts_at: '24:00', ends_at: '02:00' },
			{ name: 'a', starts_at: '7:00', ends_at: '09:00' },
			{ name: 'a', starts_at: '07:00', ends_at: '09:00', days: [] },
			{ name: 'a', starts_at: '07:00', ends_at: '09:00', days: [0] },
			{ name: 'a', starts_at: '07:00', ends_at: '09:00', days: [1, 1] }
		]) {
			expect((await call('POST', path, manager, bad)).status, JSON.stringify(bad)).toBe(400);
		}
		const name = `Dup ${tag()}`;
		const ok = { name, starts_at: '07:00', ends_at: '09:00' };
		expect((await call('POST', path, manager, ok)).status).toBe(201);
		expect((await call('POST', path, manager, ok)).status).toBe(409);
	});

	it('a daypart with placements cannot be deleted (409)', async () => {
		const d = await (
			await call('POST', `/api/v1/locations/${here.id}/dayparts`, manager, {
				name: `Busy ${tag()}`,
				starts_at: '07:00',
				ends_at: '09:00'
			})
		).json();
		const mn = await menu();
		const p = await call('POST', `/api/v1/locations/${here.id}/placements`, manager, {
			menu_id: mn.id,
			daypart_id: d.id,
			meal_id: (await meal()).id
		});
		expect(p.status).toBe(201);
		expect((await call('DELETE', `/api/v1/dayparts/${d.id}`, manager)).status).toBe(409);
	});
});

describe('placements and the live menu', () => {
	let loc: { id: string; slug: string };
	let mgr: TestUser, cook: TestUser, screen: TestUser;
	let mn: { id: string; name: string };
	let breakfast: { id: string }, lunch: { id: string };
	let eggs: { id: string; name: string }, soup: { id: string; name: string };
	let soupPlacement: { id: string };

	beforeAll(async () => {
		loc = await createLocation(sql);
		await sql`update locations set timezone = 'America/Lima' where id = ${loc.id}`;
		mgr = await createUser(sql, 'manager', [loc.id]);
		cook = await createUser(sql, 'staff', [loc.id]);
		screen = await createUser(sql, 'kiosk', [loc.id]);
		mn = await menu();
		const dp = async (name: string, starts_at: string, ends_at: string) => {
			const r = await call('POST', `/api/v1/locations/${loc.id}/dayparts`, mgr, {
				name,
				starts_at,
				ends_at
			});
			expect(r.status).toBe(201);
			return r.json();
		};
		breakfast = await dp('Breakfast', '07:00', '11:00');
		lunch = await dp('Lunch', '11:00', '15:00');
		eggs = await meal(900);
		soup = await meal(1200);
	});

	const place = (body: Record<string, unknown>, who = mgr) =>
		call('POST', `/api/v1/locations/${loc.id}/placements`, who, { menu_id: mn.id, ...body });

	it('places meals and items; position defaults to the end; exactly one dish; refs checked', async () => {
		const a = await place({ daypart_id: breakfast.id, meal_id: eggs.id });
		expect(a.status).toBe(201);
		const pa = await a.json();
		expect(pa).toMatchObject({
			meal_id: eggs.id,
			item_id: null,
			sold_out: false,
			sold_out_at: null
		});
		const b = await place({ daypart_id: lunch.id, meal_id: soup.id });
		soupPlacement = await b.json();
		expect(soupPlacement).toMatchObject({ position: pa.position + 1 });
		expect((await place({ daypart_id: lunch.id })).status).toBe(400);
		expect((await place({ meal_id: eggs.id, item_id: eggs.id })).status).toBe(400);
		expect((await place({ daypart_id: crypto.randomUUID(), meal_id: eggs.id })).status).toBe(400);
		// Another location's daypart is not this one's.
		const other = await (
			await call('POST', `/api/v1/locations/${here.id}/dayparts`, manager, {
				name: `Other ${tag()}`,
				starts_at: '07:00',
				ends_at: '09:00'
			})
		).json();
		expect((await place({ daypart_id: other.id, meal_id: eggs.id })).status).toBe(400);
		// An item without a menu price is not sold on its own.
		const [unpriced] = await sql<{ id: string }[]>`
			insert into items (sku, name, unit) values (${'U-' + tag()}, 'Flour', 'kg') returning id`;
		expect((await place({ item_id: unpriced.id })).status).toBe(400);
		const [drink] = await sql<{ id: string }[]>`
			insert into items (sku, name, unit, price_cents) values (${'D-' + tag()}, 'Chicha', 'l', 500) returning id`;
		expect((await place({ item_id: drink.id, position: 0 })).status).toBe(201);
		expect((await place({ meal_id: eggs.id }, cook)).status).toBe(403);
		const list = await (await call('GET', `/api/v1/locations/${loc.id}/placements`, cook)).json();
		expect(list.length).toBe(3);
		const filtered = await (
			await call('GET', `/api/v1/locations/${loc.id}/placements?daypart_id=${lunch.id}`, cook)
		).json();
		expect(filtered.map((p: { id: string }) => p.id)).toEqual([soupPlacement.id]);
	});

	it('menu/current: the daypart live in the location’s zone, the next change, entries in order', async () => {
		// 17:00Z is 12:00 in Lima: lunch, until 15:00 Lima (20:00Z).
		const r = await call(
			'GET',
			`/api/v1/locations/${loc.id}/menu/current?at=2026-06-01T17:00:00Z`,
			screen
		);
		expect(r.status).toBe(200);
		const c = await r.json();
		expect(c).toMatchObject({
			location_id: loc.id,
			time_zone: 'America/Lima',
			at: '2026-06-01T17:00:00.000Z',
			menu: { id: mn.id, name: mn.name },
			daypart: { id: lunch.id, name: 'Lunch', starts_at: '11:00:00', ends_at: '15:00:00' },
			next_change_at: '2026-06-01T20:00:00.000Z',
			next_daypart: null
		});
		// The all-day drink (position 0) first, then the soup; no breakfast eggs.
		expect(c.entries.map((e: { name: string }) => e.name)).toEqual(['Chicha', soup.name]);
		expect(c.entries[1]).toMatchObject({
			placement_id: soupPlacement.id,
			kind: 'meal',
			id: soup.id,
			price_cents: 1200,
			sold_out: false
		});
		const morning = await (
			await call('GET', `/api/v1/locations/${loc.id}/menu/current?at=2026-06-01T13:00:00Z`, cook)
		).json();
		expect(morning.daypart.name).toBe('Breakfast');
		expect(morning.next_daypart).toEqual({ id: lunch.id, name: 'Lunch' });
		expect(morning.entries.map((e: { name: string }) => e.name)).toEqual(['Chicha', eggs.name]);
		// What will be live from the change on, so a screen can switch by itself.
		expect(morning.next_entries.map((e: { name: string }) => e.name)).toEqual([
			'Chicha',
			soup.name
		]);
		// After lunch no daypart runs: only the all-day drink stays.
		expect(c.next_entries.map((e: { name: string }) => e.name)).toEqual(['Chicha']);
		// Another location's live menu is not found; a bad ?at= is a 400.
		expect((await call('GET', `/api/v1/locations/${loc.id}/menu/current`, outsider)).status).toBe(
			404
		);
		expect(
			(await call('GET', `/api/v1/locations/${loc.id}/menu/current?at=noon`, cook)).status
		).toBe(400);
	});

	it('staff may 86 a dish (sold_out only); it shows on the live menu and is evented', async () => {
		const [{ seq: before }] = await sql<{ seq: number }[]>`
			select coalesce(max(seq), 0)::int as seq from events where channel = ${'menu:' + loc.id}`;
		const r = await call('PUT', `/api/v1/placements/${soupPlacement.id}`, cook, { sold_out: true });
		expect(r.status).toBe(200);
		const p = await r.json();
		expect(p.sold_out).toBe(true);
		expect(p.sold_out_at).not.toBeNull();
		expect(
			(await call('PUT', `/api/v1/placements/${soupPlacement.id}`, cook, { position: 9 })).status
		).toBe(403);
		const outsiderStaff = await createUser(sql, 'staff', [here.id]);
		expect(
			(
				await call('PUT', `/api/v1/placements/${soupPlacement.id}`, outsiderStaff, {
					sold_out: false
				})
			).status
		).toBe(403);
		const events = await sql<{ type: string; payload: Record<string, unknown> }[]>`
			select type, payload from events where channel = ${'menu:' + loc.id} and seq > ${before}`;
		expect(events).toEqual([
			{
				type: 'menu:changed',
				payload: {
					location_id: loc.id,
					entity: 'placement',
					id: soupPlacement.id,
					change: 'updated',
					sold_out: true
				}
			}
		]);
		const c = await (
			await call('GET', `/api/v1/locations/${loc.id}/menu/current?at=2026-06-01T17:00:00Z`, screen)
		).json();
		expect(c.entries.find((e: { id: string }) => e.id === soup.id).sold_out).toBe(true);
		const [audit] = await sql`
			select action from audit_log where entity = 'placement' and entity_id = ${soupPlacement.id}
			order by id desc limit 1`;
		expect(audit.action).toBe('sold_out');
		const back = await call('PUT', `/api/v1/placements/${soupPlacement.id}`, cook, {
			sold_out: false
		});
		expect((await back.json()).sold_out_at).toBeNull();
	});

	it('managers move, re-daypart and delete placements; a dish placed twice shows once', async () => {
		const dup = await place({ daypart_id: lunch.id, meal_id: soup.id, position: 50 });
		expect(dup.status).toBe(201);
		const c = await (
			await call('GET', `/api/v1/locations/${loc.id}/menu/current?at=2026-06-01T17:00:00Z`, mgr)
		).json();
		expect(c.entries.filter((e: { id: string }) => e.id === soup.id)).toHaveLength(1);
		const id = (await dup.json()).id;
		const u = await call('PUT', `/api/v1/placements/${id}`, mgr, {
			daypart_id: null,
			position: 1
		});
		expect(u.status).toBe(200);
		expect(await u.json()).toMatchObject({ daypart_id: null, position: 1 });
		expect((await call('DELETE', `/api/v1/placements/${id}`, cook)).status).toBe(403);
		expect((await call('DELETE', `/api/v1/placements/${id}`, mgr)).status).toBe(204);
		expect((await call('DELETE', `/api/v1/placements/${id}`, mgr)).status).toBe(404);
	});

	it('the diner menu and order pricing use the same resolver (a sold-out dish is refused)', async () => {
		const [t] = await sql<{ code: string }[]>`
			insert into dining_tables (location_id, number, code) values (${loc.id}, 1, ${loc.slug + '-1'})
			returning code`;
		const m = await (await fetch(`${base}/api/customer/${loc.slug}/${t.code}/menu`)).json();
		const now = await (await call('GET', `/api/v1/locations/${loc.id}/menu/current`, mgr)).json();
		expect(m.data.items.map((e: { id: string }) => e.id)).toEqual(
			now.entries.map((e: { id: string }) => e.id)
		);
	});
});

describe('menu-health', () => {
	it('finds variety and cost problems; manager of the location and admin; staff 403', async () => {
		const loc = await createLocation(sql);
		const mgr = await createUser(sql, 'manager', [loc.id]);
		const cook = await createUser(sql, 'staff', [loc.id]);
		const mn = await menu();
		const dp = await (
			await call('POST', `/api/v1/locations/${loc.id}/dayparts`, mgr, {
				name: 'Lunch',
				starts_at: '11:00',
				ends_at: '15:00'
			})
		).json();
		const dinner = await (
			await call('POST', `/api/v1/locations/${loc.id}/dayparts`, mgr, {
				name: 'Dinner',
				starts_at: '18:00',
				ends_at: '22:00'
			})
		).json();
		const d = await meal(1000);
		for (let i = 0; i < 2; i++) {
			const r = await call('POST', `/api/v1/locations/${loc.id}/placements`, mgr, {
				menu_id: mn.id,
				daypart_id: dp.id,
				meal_id: d.id
			});
			expect(r.status).toBe(201);
		}
		const [unpriced] = await sql<{ id: string }[]>`
			insert into items (sku, name, unit) values (${'H-' + tag()}, 'Saffron', 'g') returning id`;
		await sql`insert into meal_components (meal_id, item_id, quantity) values (${d.id}, ${unpriced.id}, 1)`;
		const path = `/api/v1/menu-health?location_id=${loc.id}`;
		const r = await call('GET', path, mgr);
		expect(r.status).toBe(200);
		const h = await r.json();
		expect(h.location_id).toBe(loc.id);
		expect(h.thresholds).toMatchObject({ minEntries: 3, foodCostTargetPct: 35 });
		expect(h.findings.map((f: { code: string }) => f.code)).toEqual([
			'DAYPART_TOO_FEW_ENTRIES',
			'DAYPART_TOO_FEW_ENTRIES',
			'DUPLICATE_DISH',
			...Array(7).fill('SERVICE_GAP'),
			'UNPRICED_COMPONENTS'
		]);
		const dup = h.findings.find((f: { code: string }) => f.code === 'DUPLICATE_DISH');
		expect(dup.entities[0]).toEqual({ type: 'meal', id: d.id, name: d.name });
		expect(typeof dup.explanation).toBe('string');
		expect(h.findings[0].entities).toEqual([{ type: 'daypart', id: dinner.id, name: 'Dinner' }]);
		// Deterministic: the same answer twice.
		expect((await (await call('GET', path, mgr)).json()).findings).toEqual(h.findings);
		expect((await call('GET', path, admin)).status).toBe(200);
		expect((await call('GET', path, cook)).status).toBe(403);
		expect((await call('GET', path, outsider)).status).toBe(403);
		expect((await call('GET', '/api/v1/menu-health', mgr)).status).toBe(400);
		expect(
			(await call('GET', `/api/v1/menu-health?location_id=${crypto.randomUUID()}`, admin)).status
		).toBe(404);
	});
});

describe('signage screens (admins see each kiosk’s last-seen time)', () => {
	it('a kiosk that reads its live menu is seen; the list is admin-only', async () => {
		const loc = await createLocation(sql);
		const rot = await call('POST', `/api/v1/locations/${loc.id}/kiosk_token/rotate`, admin);
		expect(rot.status).toBe(200);
		const { token } = await rot.json();
		const list = async () =>
			(await (await call('GET', '/api/v1/signage/kiosks', admin)).json()).find(
				(k: { location_id: string }) => k.location_id === loc.id
			);
		expect(await list()).toMatchObject({ has_token: true, location_slug: loc.slug });
		const auth = await fetch(`${base}/api/v1/signage/auth`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ token })
		});
		expect(auth.status).toBe(200);
		const cookie = auth.headers.get('set-cookie')!.split(';')[0];
		const screen = { id: '', role: 'kiosk', cookie, headers: { cookie } } as TestUser;
		await sql`update auth_sessions set last_seen_at = now() - interval '1 day'
			where user_id = (select user_id from kiosk_tokens where location_id = ${loc.id})`;
		const before = Date.now();
		const cur = await call('GET', `/api/v1/locations/${loc.id}/menu/current`, screen);
		expect(cur.status).toBe(200);
		const k = await list();
		expect(Date.parse(k.last_seen_at)).toBeGreaterThanOrEqual(before - 5000);
		// Rotating the token ends the screen's session, not its last-seen time.
		await call('POST', `/api/v1/locations/${loc.id}/kiosk_token/rotate`, admin);
		expect((await call('GET', `/api/v1/locations/${loc.id}/menu/current`, screen)).status).toBe(
			401
		);
		const after = Date.parse((await list()).last_seen_at);
		expect(Math.abs(after - Date.parse(k.last_seen_at))).toBeLessThan(5000);
		expect((await call('GET', '/api/v1/signage/kiosks', manager)).status).toBe(403);
	});
});
