-- identity: staff, departments, roles and API tokens.
create table identity_department (
    id         bigint generated always as identity primary key,
    code       text    not null unique check (code ~ '^[A-Z][A-Z0-9_-]{0,31}$'),
    name       text    not null,
    lead_id    bigint,
    is_default boolean not null default false
);
-- At most one department receives cases that arrive without one.
create unique index identity_department_one_default on identity_department (is_default) where is_default;

create table identity_staff (
    id            bigint generated always as identity primary key,
    username      text        not null unique check (username = lower(username) and username ~ '^[a-z0-9._@-]{2,64}$'),
    full_name     text        not null,
    email         text,
    password_hash text        not null,
    active        boolean     not null default true,
    created_at    timestamptz not null
);

alter table identity_department
    add constraint identity_department_lead_fk foreign key (lead_id) references identity_staff (id);

create table identity_staff_role (
    staff_id bigint not null references identity_staff (id),
    role     text   not null check (role in ('AGENT', 'MANAGER', 'EXECUTIVE', 'ADMIN')),
    primary key (staff_id, role)
);

create table identity_membership (
    staff_id      bigint not null references identity_staff (id),
    department_id bigint not null references identity_department (id),
    primary key (staff_id, department_id)
);
create index identity_membership_department on identity_membership (department_id);

create table identity_api_token (
    id         bigint generated always as identity primary key,
    staff_id   bigint      not null references identity_staff (id),
    name       text        not null,
    token_hash bytea       not null unique,
    created_at timestamptz not null,
    revoked_at timestamptz
);
create index identity_api_token_staff on identity_api_token (staff_id);
