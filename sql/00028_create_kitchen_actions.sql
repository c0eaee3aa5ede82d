-- Kitchen bumps made without signal (issue 12): the kitchen display queues each tap with a
-- client UUID and replays the queue in order on reconnect. One row per tap, written once
-- (ON CONFLICT (id) DO NOTHING), with what became of it: applied, already (another screen had
-- made the same change), conflict (the ticket had moved elsewhere) or rejected (cannot apply,
-- e.g. the order is gone). A replay of a tap answers the stored outcome and changes nothing.
create table kitchen_actions (
	id uuid primary key,
	location_id uuid not null references locations (id) on delete cascade,
	order_id uuid,
	-- transition: from_state -> to_state; serve / unserve: hand a ready ticket off or back.
	kind text check (kind in ('transition', 'serve', 'unserve')),
	from_state text,
	to_state text,
	made_at timestamptz,
	made_by uuid references users (id) on delete set null,
	device_id text,
	outcome text not null check (outcome in ('applied', 'already', 'conflict', 'rejected')),
	message text,
	-- The document as pushed: the same id with another payload is refused, not applied.
	doc jsonb not null,
	received_at timestamptz not null default now()
);
create index kitchen_actions_order on kitchen_actions (order_id, received_at);
