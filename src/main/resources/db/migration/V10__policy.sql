-- policy: the service policy document, versioned. Versions are never changed or deleted: a case keeps the id of the
-- version in force when it was received, so changing the policy never rewrites its due dates.
create table policy_version (
    id          bigint generated always as identity primary key,
    version     int         not null unique check (version > 0),
    name        text        not null,
    document    text        not null,
    uploaded_at timestamptz not null,
    uploaded_by text        not null,
    active      boolean     not null default false
);
-- At most one version is in force.
create unique index policy_version_one_active on policy_version (active) where active;
