-- A short typed code per table, printed on its tent under the QR code, for guests whose
-- camera fails: five characters from an alphabet without look-alikes (no 0/O, 1/I/L), so
-- "what is written" and "what is typed" cannot differ. /t/<code> takes the guest to the table.
-- The alphabet is the one in src/lib/shared/tablecode.ts (a test checks they agree).
create function gen_table_short_code() returns text
language plpgsql volatile as $$
declare
	alphabet constant text := '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
	candidate text;
begin
	loop
		candidate := '';
		for i in 1..5 loop
			candidate := candidate || substr(alphabet, 1 + floor(random() * length(alphabet))::int, 1);
		end loop;
		-- 31^5 ≈ 28.6 million codes: a collision is rare; the unique index below catches the
		-- race between two inserts, this check avoids the common case.
		exit when not exists (select 1 from dining_tables where short_code = candidate);
	end loop;
	return candidate;
end $$;

alter table dining_tables add column short_code text;
-- Backfill one row at a time, so each existence check sees the codes given before it.
do $$
declare
	t record;
begin
	for t in select id from dining_tables where short_code is null order by created_at, id loop
		update dining_tables set short_code = gen_table_short_code() where id = t.id;
	end loop;
end $$;
alter table dining_tables
	alter column short_code set default gen_table_short_code(),
	alter column short_code set not null,
	add constraint dining_tables_short_code_key unique (short_code),
	add constraint dining_tables_short_code_check check (short_code ~ '^[2-9A-HJKMNP-Z]{5}$');
