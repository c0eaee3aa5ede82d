-- The `stock_items` sync collection (issue 12): one pull-only document per item and location
-- (the catalog item, its level in each of the location's stores, the location's par and low
-- flag), so the store inventory screen opens from the device's copy without signal.
--
-- A document's rev is the seq of the inventory:{locationId} outbox counter taken by the
-- transaction that changed it (a movement, a par, the item itself): commit-ordered per
-- location, never updated_at or a sequence (DESIGN.md "Sync checkpoints"). The row stays when
-- the item is deleted (no foreign key to items): the pull sends it as a tombstone.
create table stock_item_revs (
	location_id uuid not null references locations (id) on delete cascade,
	item_id uuid not null,
	rev bigint not null,
	primary key (location_id, item_id)
);
create index stock_item_revs_sync on stock_item_revs (location_id, rev, item_id);

-- What exists before the collection does: rev 0, which every first pull starts from (no device
-- can hold a checkpoint of a collection that did not exist yet).
insert into stock_item_revs (location_id, item_id, rev)
select l.id, i.id, 0 from locations l cross join items i;
