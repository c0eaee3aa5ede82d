-- Stock: par levels per item per location, the current level per item per store, and the
-- ledger of movements that produced it. Only src/lib/server/inventory/ledger.ts writes
-- stock_levels and stock_movements.

-- Reasons are rows, not a check constraint, so a later migration adds one (e.g. 'sale') with
-- an insert instead of rewriting a constraint on a large table.
create table stock_reasons (
	reason text primary key check (reason ~ '^[a-z_]{1,32}$')
);
insert into stock_reasons (reason) values ('receive'), ('adjust'), ('waste'), ('count_correction');

create table item_pars (
	item_id uuid not null references items (id) on delete cascade,
	location_id uuid not null references locations (id) on delete cascade,
	par_level numeric(14, 4) not null check (par_level >= 0),
	-- Null: the par itself is the reorder point (DESIGN.md, "Low stock").
	reorder_point numeric(14, 4) check (reorder_point >= 0 and reorder_point <= par_level),
	updated_at timestamptz not null default now(),
	primary key (location_id, item_id)
);

create table stock_levels (
	store_id uuid not null references stores (id) on delete cascade,
	item_id uuid not null references items (id) on delete cascade,
	quantity numeric(14, 4) not null,
	updated_at timestamptz not null default now(),
	primary key (store_id, item_id)
);
create index stock_levels_item on stock_levels (item_id);

create table stock_movements (
	id uuid primary key default gen_random_uuid(),
	-- Taken while the level row is locked, so per store and item it is the order the movements
	-- were applied in (created_at is the transaction's start). Pagination cursor; not an id.
	seq bigint generated always as identity unique,
	-- The history outlives nothing silently: a store or item with movements cannot be deleted.
	store_id uuid not null references stores (id) on delete restrict,
	item_id uuid not null references items (id) on delete restrict,
	-- Denormalised from the store so reports and scope filters need no join.
	location_id uuid not null references locations (id) on delete restrict,
	delta numeric(14, 4) not null,
	quantity_after numeric(14, 4) not null,
	reason text not null references stock_reasons (reason),
	waste_reason text check (
		waste_reason in ('spoiled', 'over_prep', 'contamination', 'expired', 'other')
	),
	note text check (length(note) <= 500),
	-- Client-generated id (offline queue, retries): the same id is written once.
	client_id uuid unique,
	actor_id uuid references users (id) on delete set null,
	actor_role text,
	created_at timestamptz not null default now(),
	check ((reason = 'waste') = (waste_reason is not null))
);
-- The usage report: one store, a time window; covering, so it is an index-only scan.
create index stock_movements_store_time on stock_movements (store_id, created_at)
	include (item_id, reason, delta);
-- The movements list: one store (optionally one item), newest first.
create index stock_movements_store_seq on stock_movements (store_id, seq desc);
create index stock_movements_item_seq on stock_movements (item_id, seq desc);
