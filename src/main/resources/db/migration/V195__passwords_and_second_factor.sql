-- identity: accounts that sign in with a password. Staff change their own password; an administrator gives someone a
-- one-time link to set a new one; a second factor (an authenticator app's codes, RFC 6238) with single-use recovery
-- codes; and the roles whose holders must have one.

alter table identity_staff add column password_changed_at timestamptz;

-- A link to set a new password, made by an administrator for someone else. Only the SHA-256 hash of its secret is kept;
-- it can be used once, until it expires.
create table identity_password_reset (
    id          bigint generated always as identity primary key,
    staff_id    bigint      not null references identity_staff (id),
    token_hash  text        not null unique,
    created_by  bigint      not null references identity_staff (id),
    created_at  timestamptz not null,
    expires_at  timestamptz not null,
    used_at     timestamptz,
    check (created_by <> staff_id)
);
create index identity_password_reset_staff on identity_password_reset (staff_id) where used_at is null;

-- A member of staff's authenticator secret (Base32). Until confirmed with a valid code it is only being set up and does
-- not count. last_step: the 30-second step of the last code accepted, so that no code is accepted twice.
create table identity_second_factor (
    staff_id     bigint      primary key references identity_staff (id),
    secret       text        not null,
    confirmed_at timestamptz,
    last_step    bigint      not null default 0,
    created_at   timestamptz not null
);

-- Ten codes for when the phone is lost; only their SHA-256 hashes are kept, each can be used once.
create table identity_recovery_code (
    id        bigint generated always as identity primary key,
    staff_id  bigint      not null references identity_staff (id),
    code_hash text        not null,
    used_at   timestamptz,
    unique (staff_id, code_hash)
);

-- Holders of these roles must sign in with a second factor; they are sent to set one up if they have none.
create table identity_second_factor_role (
    role    text        primary key check (role in ('AGENT', 'MANAGER', 'EXECUTIVE', 'ADMIN')),
    set_by  text        not null,
    set_at  timestamptz not null
);
