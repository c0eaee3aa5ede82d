-- Saavor POS integration: every authentic webhook delivery kept for debugging, the outbound
-- "ready for handoff" queue, and cancellation of projected orders.
create table saavor_payloads (
	id uuid primary key default gen_random_uuid(),
	-- Saavor's event id; null when the payload could not be parsed
	event_id text unique,
	event_type text,
	status text not null check (status in ('processed', 'invalid')),
	error text,
	raw text not null,
	order_id uuid references orders (id) on delete set null,
	received_at timestamptz not null default now()
);
create index saavor_payloads_received on saavor_payloads (received_at desc);

create table saavor_outbound (
	id uuid primary key default gen_random_uuid(),
	-- one handoff call per order (repeated requests are the same call)
	order_id uuid unique references orders (id) on delete set null,
	payload jsonb not null,
	status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
	attempts integer not null default 0,
	next_attempt_at timestamptz not null default now(),
	last_error text,
	created_at timestamptz not null default now(),
	delivered_at timestamptz
);
create index saavor_outbound_due on saavor_outbound (next_attempt_at) where status = 'pending';

alter table orders add column cancelled_at timestamptz;
