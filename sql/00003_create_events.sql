-- Durable event outbox. seq is gapless per channel and in commit order: it comes from a
-- per-channel counter row that each emitting transaction locks until it commits.
create table event_channels (
	channel text primary key,
	last_seq bigint not null default 0
);

create table events (
	channel text not null,
	seq bigint not null,
	type text not null,
	payload jsonb not null default '{}',
	created_at timestamptz not null default now(),
	primary key (channel, seq)
);
create index events_created on events (created_at);
