-- Menus, dayparts and placements as the smart-menus API manages them (server/menus/):
-- a menu's description, valid weekday sets, and when a placement was 86'd (menu-health flags
-- dishes sold out for too long).

alter table menus add column description text not null default ''
	check (length(description) <= 2000);

alter table dayparts add constraint dayparts_days_valid
	check (cardinality(days) between 1 and 7 and days <@ '{1,2,3,4,5,6,7}'::smallint[]);

alter table placements add column sold_out_at timestamptz;
update placements set sold_out_at = updated_at where sold_out;
alter table placements add constraint placements_sold_out_at
	check (sold_out = (sold_out_at is not null));

create index placements_daypart on placements (daypart_id);
create index placements_menu on placements (menu_id);
