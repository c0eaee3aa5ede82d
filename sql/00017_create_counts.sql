-- Inventory counts (DESIGN.md, "Counts"; issue 12): a count session per store, started by a
-- manager, and count lines pushed by phones (client UUIDs, append-only). A line is a
-- measurement at counted_at; approval writes count_correction movements through the ledger.
-- Every synced row carries `rev`: the seq of the inventory:{locationId} outbox counter row
-- taken in the writing transaction (commit-ordered per location), never updated_at or a
-- sequence (FIELD-NOTES.md, RxDB).

-- Where an item sits in a store: the count walks areas in order, shelves in order.
create table store_item_places (
	store_id uuid not null references stores (id) on delete cascade,
	item_id uuid not null references items (id) on delete cascade,
	area text not null check (length(area) between 1 and 60),
	area_order integer not null default 0,
	shelf_order integer not null default 0,
	primary key (store_id, item_id)
);

create table count_sessions (
	id uuid primary key default gen_random_uuid(),
	location_id uuid not null references locations (id) on delete restrict,
	store_id uuid not null references stores (id) on delete restrict,
	status text not null default 'open' check (status in ('open', 'approved', 'cancelled')),
	-- The walk at the start: [{item_id, name, unit, area, area_order, shelf_order}] in order.
	items jsonb not null,
	started_by uuid references users (id) on delete set null,
	started_at timestamptz not null default now(),
	closed_by uuid references users (id) on delete set null,
	closed_at timestamptz,
	rev bigint not null
);
create index count_sessions_sync on count_sessions (location_id, rev, id);
create unique index count_sessions_one_open on count_sessions (store_id) where status = 'open';

create table count_lines (
	-- The client's UUID: a retried or replayed push writes once (ON CONFLICT (id) DO NOTHING).
	id uuid primary key,
	location_id uuid not null references locations (id) on delete restrict,
	-- Null only on a rejected line whose session or item does not resolve.
	session_id uuid references count_sessions (id) on delete restrict,
	item_id uuid references items (id) on delete restrict,
	quantity numeric(14, 4),
	counted_at timestamptz,
	counter_id uuid references users (id) on delete set null,
	device_id text not null check (length(device_id) between 1 and 100),
	-- accepted, or rejected with the reason shown to the counter (never a 4xx that would stall
	-- the phone's queue forever).
	status text not null check (status in ('accepted', 'rejected')),
	reject_reason text,
	-- The document as pushed: a repeat with the same payload is no conflict.
	doc jsonb not null,
	received_at timestamptz not null default now(),
	rev bigint not null,
	check (
		(status = 'accepted' and reject_reason is null and session_id is not null
			and item_id is not null and quantity is not null and quantity >= 0
			and counted_at is not null)
		or (status = 'rejected' and reject_reason is not null)
	)
);
create index count_lines_sync on count_lines (location_id, rev, id);
create index count_lines_session on count_lines (session_id, item_id);
