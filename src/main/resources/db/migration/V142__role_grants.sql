-- identity: the executive and administrator roles are granted with a second administrator's approval. An administrator
-- who gives someone one of them asks for it here; it takes effect only when another active administrator approves.
create table identity_role_grant (
    id                  bigint generated always as identity primary key,
    staff_id            bigint      not null references identity_staff (id),
    role                text        not null check (role in ('EXECUTIVE', 'ADMIN')),
    requested_by        bigint      not null references identity_staff (id),
    requested_at        timestamptz not null,
    expires_at          timestamptz not null,
    status              text        not null check (status in ('PENDING', 'APPROVED', 'REFUSED', 'DROPPED')),
    decided_by          bigint references identity_staff (id),
    decided_at          timestamptz,
    -- Applied at once by the one who asked because no other active administrator could approve it (a sole
    -- administrator setting up), and shown as such.
    alone               boolean     not null default false,
    -- Why a grant was dropped (expired, an account deactivated, no longer asked for).
    reason              text,
    check ((status = 'PENDING') = (decided_at is null)),
    check (not alone or (status = 'APPROVED' and decided_by = requested_by))
);
-- One request at a time for a person and a role.
create unique index identity_role_grant_one_pending on identity_role_grant (staff_id, role) where status = 'PENDING';
create index identity_role_grant_pending on identity_role_grant (expires_at) where status = 'PENDING';
create index identity_role_grant_requested_by on identity_role_grant (requested_by) where status = 'PENDING';
create index identity_role_grant_alone on identity_role_grant (decided_at) where alone;

-- When an account last stopped being an active administrator (deactivated, or the role taken away). With no second
-- administrator to approve, a role is given at once only if no other administrator stopped being one within the time a
-- request waits: otherwise one administrator could deactivate or demote the others and then act alone.
alter table identity_staff add column admin_ended_at timestamptz;
