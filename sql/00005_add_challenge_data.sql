-- What a registration ceremony chose at the options step (email, display name, WebAuthn user
-- handle) must survive until verify, which only carries the invitation token and the response.
alter table auth_challenges add column data jsonb not null default '{}';
