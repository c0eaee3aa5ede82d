-- Identity and access: passkey-only users, roles, campus scope, sessions (hashed ids),
-- single-use WebAuthn challenges, invitations, kiosk tokens, audit log.

create table users (
	id uuid primary key default gen_random_uuid(),
	email text check (email is null or length(email) <= 320),
	display_name text not null default '' check (length(display_name) <= 200),
	role text not null check (role in ('staff', 'manager', 'admin', 'kiosk')),
	status text not null default 'active' check (status in ('active', 'disabled')),
	-- WebAuthn user handle: random bytes, never the primary key or the email.
	webauthn_user_id bytea not null unique,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now()
);
create unique index users_email_key on users (lower(email)) where email is not null;

create table user_locations (
	user_id uuid not null references users (id) on delete cascade,
	location_id uuid not null references locations (id) on delete cascade,
	primary key (user_id, location_id)
);
create index user_locations_location on user_locations (location_id);

create table webauthn_credentials (
	-- base64url credential id as the authenticator reports it
	id text primary key,
	user_id uuid not null references users (id) on delete cascade,
	public_key bytea not null,
	counter bigint not null default 0,
	transports text[] not null default '{}',
	device_type text not null default 'singleDevice',
	backed_up boolean not null default false,
	name text not null default 'Passkey' check (length(name) <= 100),
	created_at timestamptz not null default now(),
	last_used_at timestamptz
);
create index webauthn_credentials_user on webauthn_credentials (user_id);

create table auth_sessions (
	-- sha256 of the cookie value; the cookie value itself is never stored
	id_hash bytea primary key,
	user_id uuid not null references users (id) on delete cascade,
	created_at timestamptz not null default now(),
	last_seen_at timestamptz not null default now(),
	idle_expires_at timestamptz not null,
	expires_at timestamptz not null,
	user_agent text not null default '',
	ip text not null default ''
);
create index auth_sessions_user on auth_sessions (user_id);

create table auth_challenges (
	id uuid primary key default gen_random_uuid(),
	challenge text not null unique,
	purpose text not null check (purpose in ('register', 'login', 'add_credential')),
	user_id uuid references users (id) on delete cascade,
	invitation_id uuid,
	created_at timestamptz not null default now(),
	expires_at timestamptz not null
);

create table invitations (
	id uuid primary key default gen_random_uuid(),
	token_hash bytea not null unique,
	email text,
	role text not null check (role in ('staff', 'manager', 'admin')),
	location_ids uuid[] not null default '{}',
	bootstrap boolean not null default false,
	created_by uuid references users (id) on delete set null,
	created_at timestamptz not null default now(),
	expires_at timestamptz not null,
	used_at timestamptz,
	used_by uuid references users (id) on delete set null
);

create table kiosk_tokens (
	location_id uuid primary key references locations (id) on delete cascade,
	-- the kiosk service account for this location (users.role = 'kiosk')
	user_id uuid not null unique references users (id) on delete cascade,
	token_hash bytea not null unique,
	created_at timestamptz not null default now(),
	rotated_at timestamptz not null default now()
);

create table audit_log (
	id bigint generated always as identity primary key,
	actor_id uuid,
	actor_role text,
	action text not null,
	entity text not null,
	entity_id text,
	location_id uuid,
	before jsonb,
	after jsonb,
	created_at timestamptz not null default now()
);
create index audit_log_created on audit_log (created_at desc, id desc);
