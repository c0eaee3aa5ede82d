-- Every identifier the API shows is a UUID (the reference; DESIGN "Identifiers"): auth sessions
-- were listed by the hex of their token hash, audit entries by their serial. Both get a random
-- UUID that is only ever an id (never derived from the token). The audit serial stays as the
-- internal order of entries (pagination cursor lookups); the API no longer shows it.
alter table auth_sessions add column id uuid not null default gen_random_uuid();
alter table auth_sessions add constraint auth_sessions_id_key unique (id);

alter table audit_log add column public_id uuid not null default gen_random_uuid();
alter table audit_log add constraint audit_log_public_id_key unique (public_id);
