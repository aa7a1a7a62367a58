-- cases: the case record. Due dates are filled from the service policy in force when the case was received.
create sequence case_reference_seq;

create table cases (
    id                bigint generated always as identity primary key,
    reference         text        not null unique,
    kind              text        not null check (kind in ('COMPLAINT', 'QUESTION', 'SERVICE_REQUEST', 'SUGGESTION', 'COMPLIMENT')),
    channel           text        not null check (channel in ('PHONE', 'IN_PERSON', 'EMAIL', 'POSTAL', 'WEB_FORM', 'API')),
    status            text        not null,
    received_at       timestamptz not null,
    logged_at         timestamptz not null,
    subject           text        not null,
    description       text        not null,
    customer_name     text        not null,
    customer_email    text,
    customer_phone    text,
    customer_address  text,
    preferred_reply   text        not null check (preferred_reply in ('EMAIL', 'PHONE', 'POST')),
    department_id     bigint      not null references identity_department (id),
    owner_id          bigint      not null references identity_staff (id),
    confidential      boolean     not null default false,
    logged_by         bigint      not null references identity_staff (id),
    policy_version_id bigint,
    policy_version    integer,
    acknowledge_by    timestamptz,
    respond_by        timestamptz,
    version           integer     not null default 0,
    check (received_at <= logged_at + interval '5 minutes')
);

-- Keyset pagination walks id descending; each filter has an index that serves it in that order.
create index cases_status_id on cases (status, id);
create index cases_kind_id on cases (kind, id);
create index cases_channel_id on cases (channel, id);
create index cases_department_id on cases (department_id, id);
create index cases_owner_id on cases (owner_id, id);
create index cases_received_at on cases (received_at);
