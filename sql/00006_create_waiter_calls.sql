-- Diner requests for staff: call the waiter, ask for the bill. One pending of each kind per table.
create table waiter_calls (
	id uuid primary key default gen_random_uuid(),
	table_id uuid not null references dining_tables (id) on delete cascade,
	location_id uuid not null references locations (id) on delete cascade,
	session_id uuid references table_sessions (id) on delete set null,
	type text not null check (type in ('waiter', 'bill')),
	status text not null default 'pending' check (status in ('pending', 'acknowledged')),
	created_at timestamptz not null default now(),
	acknowledged_at timestamptz,
	acknowledged_by uuid references users (id) on delete set null
);
create unique index waiter_calls_one_pending on waiter_calls (table_id, type) where status = 'pending';
create index waiter_calls_location on waiter_calls (location_id, status);
