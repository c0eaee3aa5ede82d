-- A waiter call still pending when its table session ends is cancelled: the one-pending-per-
-- table index would otherwise refuse the next party's call for a call they never made.
alter table waiter_calls drop constraint waiter_calls_status_check;
alter table waiter_calls
	add constraint waiter_calls_status_check
	check (status in ('pending', 'acknowledged', 'cancelled'));
alter table waiter_calls add column cancelled_at timestamptz;

-- Calls already left behind by ended sessions.
update waiter_calls c set status = 'cancelled', cancelled_at = now()
where c.status = 'pending'
	and not exists (
		select 1 from table_sessions s
		where s.id = c.session_id and s.status in ('pending', 'active')
	);
