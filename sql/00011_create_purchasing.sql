-- Purchasing and recipe costing: vendor packs, the cost caches (item unit cost, meal cost),
-- price and cost history, purchase orders with lines, receipts, and price-drift flags.

-- A vendor sells an item in packs ("case", 40 lb): price_cents is the price of one pack, and
-- one pack holds units_per_pack of the item's own unit.
alter table vendor_items
	add column purchase_unit text not null default 'each' check (length(purchase_unit) between 1 and 20),
	add column units_per_pack numeric(12, 4) not null default 1 check (units_per_pack > 0),
	add column created_at timestamptz not null default now(),
	add column updated_at timestamptz not null default now();
create index vendor_items_item on vendor_items (item_id);

-- Which vendor the item's unit_cost_cents cache came from; null = the item has no price (so
-- unit_cost_cents = 0 means "unknown", never "free"). Maintained with unit_cost_cents by
-- costing/recompute only; restrict, so deleting a vendor has to go through it first.
alter table items add column unit_cost_vendor_id uuid references vendors (id) on delete restrict;

-- Waste/trim: yield_pct of what is bought ends up on the plate (80 = 20 % trim).
alter table meal_components
	add column yield_pct numeric(5, 2) not null default 100 check (yield_pct > 0 and yield_pct <= 100),
	add column position integer not null default 0;
create index meal_components_item on meal_components (item_id);

-- The meal cost cache: null when some component has no price (the meal is flagged, never free).
alter table meals
	add column unit_cost_cents bigint check (unit_cost_cents >= 0),
	add column cost_updated_at timestamptz not null default now();

create table vendor_price_history (
	id bigint generated always as identity primary key,
	vendor_id uuid not null references vendors (id) on delete cascade,
	item_id uuid not null references items (id) on delete cascade,
	price_cents bigint not null,
	units_per_pack numeric(12, 4) not null,
	source text not null check (source in ('manual', 'receipt')),
	receipt_id uuid,
	created_at timestamptz not null default now()
);
create index vendor_price_history_item on vendor_price_history (item_id, created_at);

create table meal_cost_history (
	id bigint generated always as identity primary key,
	meal_id uuid not null references meals (id) on delete cascade,
	unit_cost_cents bigint,
	created_at timestamptz not null default now()
);
create index meal_cost_history_meal on meal_cost_history (meal_id, id);

create table purchase_orders (
	id uuid primary key default gen_random_uuid(),
	location_id uuid not null references locations (id) on delete cascade,
	vendor_id uuid not null references vendors (id) on delete restrict,
	status text not null default 'draft'
		check (status in ('draft', 'submitted', 'partially_received', 'received', 'cancelled')),
	notes text not null default '' check (length(notes) <= 2000),
	created_by uuid references users (id) on delete set null,
	submitted_at timestamptz,
	received_at timestamptz,
	cancelled_at timestamptz,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now()
);
create index purchase_orders_location on purchase_orders (location_id, created_at desc);

create table purchase_order_lines (
	id uuid primary key default gen_random_uuid(),
	purchase_order_id uuid not null references purchase_orders (id) on delete cascade,
	item_id uuid not null references items (id) on delete restrict,
	position integer not null default 0,
	-- Ordered in packs of the vendor's purchase unit, at the pack price of the day.
	quantity_packs numeric(12, 4) not null check (quantity_packs > 0),
	purchase_unit text not null,
	units_per_pack numeric(12, 4) not null check (units_per_pack > 0),
	unit_price_cents bigint not null check (unit_price_cents >= 0),
	received_packs numeric(12, 4) not null default 0 check (received_packs >= 0),
	unique (purchase_order_id, item_id)
);

-- One row per delivery against a PO; client_id makes a retried receipt land once.
create table receipts (
	id uuid primary key default gen_random_uuid(),
	client_id uuid not null unique,
	purchase_order_id uuid not null references purchase_orders (id) on delete cascade,
	store_id uuid not null references stores (id) on delete restrict,
	invoice_number text not null default '',
	received_by uuid references users (id) on delete set null,
	created_at timestamptz not null default now()
);

create table receipt_lines (
	receipt_id uuid not null references receipts (id) on delete cascade,
	line_id uuid not null references purchase_order_lines (id) on delete cascade,
	item_id uuid not null references items (id) on delete restrict,
	quantity_packs numeric(12, 4) not null check (quantity_packs >= 0),
	unit_price_cents bigint not null check (unit_price_cents >= 0),
	primary key (receipt_id, line_id)
);

-- A receipt that moved an item's cost past the drift threshold flags each meal using it.
create table meal_cost_flags (
	id uuid primary key default gen_random_uuid(),
	meal_id uuid not null references meals (id) on delete cascade,
	item_id uuid not null references items (id) on delete cascade,
	receipt_id uuid references receipts (id) on delete set null,
	old_unit_cost_cents bigint not null,
	new_unit_cost_cents bigint not null,
	change_pct numeric(8, 2) not null,
	created_at timestamptz not null default now(),
	resolved_at timestamptz
);
create index meal_cost_flags_open on meal_cost_flags (meal_id) where resolved_at is null;
