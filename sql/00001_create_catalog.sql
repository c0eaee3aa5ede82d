-- Locations (a RestAI "branch" is a PrepTable location/campus), their dining tables, and the
-- tenant-global catalog: stores, items, vendors, meals, menus.

create table locations (
	id uuid primary key default gen_random_uuid(),
	slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 60),
	name text not null check (length(name) between 1 and 200),
	timezone text not null default 'UTC',
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now()
);

create table dining_tables (
	id uuid primary key default gen_random_uuid(),
	location_id uuid not null references locations (id) on delete cascade,
	number integer not null check (number between 1 and 9999),
	-- {branchSlug}-{tableNumber}; kept as a column so lookups by QR code are one index probe.
	code text not null unique,
	seats integer not null default 4 check (seats between 1 and 100),
	created_at timestamptz not null default now(),
	unique (location_id, number)
);

create table stores (
	id uuid primary key default gen_random_uuid(),
	location_id uuid not null references locations (id) on delete cascade,
	name text not null check (length(name) between 1 and 200),
	kind text not null default 'other' check (kind in ('walk_in', 'freezer', 'dry', 'bar', 'line', 'other')),
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	unique (location_id, name)
);

create table items (
	id uuid primary key default gen_random_uuid(),
	sku text not null unique check (length(sku) between 1 and 64),
	name text not null check (length(name) between 1 and 200),
	unit text not null check (length(unit) between 1 and 20),
	-- Cache of the preferred vendor's price (maintained by the vendors module).
	unit_cost_cents bigint not null default 0 check (unit_cost_cents >= 0),
	-- Menu price when the item is sold directly (drinks, sides); null when not sellable.
	price_cents bigint check (price_cents >= 0),
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now()
);

create table vendors (
	id uuid primary key default gen_random_uuid(),
	name text not null unique check (length(name) between 1 and 200),
	contact_email text,
	phone text,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now()
);

create table vendor_items (
	vendor_id uuid not null references vendors (id) on delete cascade,
	item_id uuid not null references items (id) on delete cascade,
	price_cents bigint not null check (price_cents >= 0),
	vendor_sku text,
	preferred boolean not null default false,
	primary key (vendor_id, item_id)
);
create unique index vendor_items_one_preferred on vendor_items (item_id) where preferred;

create table meals (
	id uuid primary key default gen_random_uuid(),
	name text not null unique check (length(name) between 1 and 200),
	description text not null default '',
	price_cents bigint not null check (price_cents >= 0),
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now()
);

create table meal_components (
	meal_id uuid not null references meals (id) on delete cascade,
	item_id uuid not null references items (id) on delete restrict,
	quantity numeric(12, 4) not null check (quantity > 0),
	primary key (meal_id, item_id)
);

create table menus (
	id uuid primary key default gen_random_uuid(),
	name text not null unique check (length(name) between 1 and 200),
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now()
);

create table dayparts (
	id uuid primary key default gen_random_uuid(),
	location_id uuid not null references locations (id) on delete cascade,
	name text not null check (length(name) between 1 and 100),
	-- ISO weekdays 1 (Mon) .. 7 (Sun)
	days smallint[] not null default '{1,2,3,4,5,6,7}',
	starts_at time not null,
	ends_at time not null,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	unique (location_id, name)
);

create table placements (
	id uuid primary key default gen_random_uuid(),
	location_id uuid not null references locations (id) on delete cascade,
	menu_id uuid not null references menus (id) on delete cascade,
	daypart_id uuid references dayparts (id) on delete cascade,
	meal_id uuid references meals (id) on delete cascade,
	item_id uuid references items (id) on delete cascade,
	position integer not null default 0,
	sold_out boolean not null default false,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	check ((meal_id is null) <> (item_id is null))
);
create index placements_location on placements (location_id);
