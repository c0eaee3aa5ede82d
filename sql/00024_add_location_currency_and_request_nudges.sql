-- The location's currency (ISO 4217), so the diner's phone and the signage screen format prices
-- with Intl as the location charges them. Prices stay integer cents of this currency. Every
-- existing location was shown in soles (the diner and signage formatted PEN), so the default
-- keeps what they display unchanged; an admin sets another currency per location.
alter table locations add column currency text not null default 'PEN'
	check (currency ~ '^[A-Z]{3}$');

-- The diner's wait screen. After a minute unanswered the diner's phone reminds the staff once
-- (reminded_at: the floor shows the request as reminded), and a diner may withdraw their own
-- request (cancelled_at). A withdrawn request closes as 'rejected' like a lapsed one (the
-- contract's four statuses stay), told apart by this timestamp.
alter table table_sessions add column reminded_at timestamptz;
alter table table_sessions add column cancelled_at timestamptz;
