-- When each location's signage screen last talked to the server (admins see it). Kept on the
-- kiosk token row because rotating the token ends the kiosk's sessions (and their last_seen_at).
alter table kiosk_tokens add column last_seen_at timestamptz;
