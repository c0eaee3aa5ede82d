-- Usage per store, item, calendar day (in the location's time zone), reason and waste
-- sub-reason: what the usage report and its chart sum, so a year's report reads ~365 × items ×
-- reasons rows instead of every movement. Written only by the ledger, in the transaction of
-- the movement it counts; rebuilt for a location when its time zone changes.
create table stock_usage_daily (
	store_id uuid not null references stores (id) on delete restrict,
	item_id uuid not null references items (id) on delete restrict,
	day date not null,
	reason text not null references stock_reasons (reason),
	-- '' for reasons without a sub-reason, so the key needs no nullable column.
	waste_reason text not null default '',
	used numeric(18, 4) not null,
	primary key (store_id, day, item_id, reason, waste_reason)
);
create index stock_usage_daily_item on stock_usage_daily (item_id);

insert into stock_usage_daily (store_id, item_id, day, reason, waste_reason, used)
select m.store_id, m.item_id, (m.created_at at time zone l.timezone)::date, m.reason,
	coalesce(m.waste_reason, ''), sum(abs(m.delta))
from stock_movements m join locations l on l.id = m.location_id
group by 1, 2, 3, 4, 5;
