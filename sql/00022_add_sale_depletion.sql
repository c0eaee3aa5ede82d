-- Sales deplete stock (issue 14): when an order reaches `ready`, its lines' components leave
-- the location's designated line store through the ledger as `sale` movements.

-- A new movement reason is a row (00009 made reasons rows for exactly this).
insert into stock_reasons (reason) values ('sale') on conflict do nothing;

-- The store the line cooks from: where sales are taken from. Null: sales consume nothing (the
-- order still readies). Which location a store belongs to is checked by the writer
-- (menus can set only one of the location's own stores); deleting the store clears it.
alter table locations add column line_store_id uuid references stores (id) on delete set null;

-- Set in the transaction that consumed the order's components: a recalled (ready → preparing)
-- and readied-again order consumes nothing the second time. The ledger's client ids (derived
-- from order and item) are the second guard.
alter table orders add column stock_consumed_at timestamptz;
