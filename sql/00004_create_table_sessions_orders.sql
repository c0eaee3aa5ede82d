-- Table sessions (diner access to a table) and kitchen orders (from diners and from Saavor).

create table table_sessions (
	id uuid primary key default gen_random_uuid(),
	table_id uuid not null references dining_tables (id) on delete cascade,
	location_id uuid not null references locations (id) on delete cascade,
	customer_name text not null check (length(customer_name) between 1 and 255),
	customer_phone text check (length(customer_phone) <= 20),
	status text not null default 'pending' check (status in ('pending', 'active', 'completed', 'rejected')),
	started_at timestamptz not null default now(),
	approved_at timestamptz,
	approved_by uuid references users (id) on delete set null,
	ended_at timestamptz,
	-- a pending request lapses (becomes rejected) after this
	pending_expires_at timestamptz
);
-- At most one pending-or-active session per table, even under concurrent requests.
create unique index table_sessions_one_open on table_sessions (table_id)
	where status in ('pending', 'active');
create index table_sessions_location_status on table_sessions (location_id, status);

create table orders (
	id uuid primary key default gen_random_uuid(),
	location_id uuid not null references locations (id) on delete cascade,
	source text not null check (source in ('saavor', 'table')),
	-- Saavor's order id for source = saavor
	external_id text,
	table_session_id uuid references table_sessions (id) on delete set null,
	table_id uuid references dining_tables (id) on delete set null,
	-- client-supplied key making diner order submission idempotent
	idempotency_key text,
	prep_state text not null default 'queued' check (prep_state in ('queued', 'preparing', 'ready')),
	customer_name text not null default '',
	notes text not null default '',
	total_cents bigint not null default 0 check (total_cents >= 0),
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	prep_state_changed_at timestamptz not null default now(),
	check (source <> 'saavor' or external_id is not null)
);
create unique index orders_external on orders (source, external_id) where external_id is not null;
create unique index orders_idempotency on orders (table_session_id, idempotency_key)
	where idempotency_key is not null;
create index orders_location_state on orders (location_id, prep_state, created_at);

create table order_lines (
	id uuid primary key default gen_random_uuid(),
	order_id uuid not null references orders (id) on delete cascade,
	position integer not null default 0,
	meal_id uuid references meals (id) on delete set null,
	item_id uuid references items (id) on delete set null,
	name text not null,
	quantity integer not null check (quantity between 1 and 999),
	unit_price_cents bigint not null default 0 check (unit_price_cents >= 0),
	notes text not null default ''
);
create index order_lines_order on order_lines (order_id);
