-- cases: the lifecycle. Acknowledgement, referral, responses, remedies, extensions, closure, reopening and internal
-- review. Original due dates are kept beside the current (extended) ones so that reports can tell on time, on time
-- after extension and late apart.
alter table cases
    add column first_response_by       timestamptz,
    add column acknowledged_at         timestamptz,
    add column acknowledged_via        text check (acknowledged_via in ('VERBAL', 'EMAIL', 'LETTER', 'PHONE_CALL')),
    add column acknowledge_outcome     text check (acknowledge_outcome in ('MET', 'MISSED')),
    add column respond_by_original     timestamptz,
    add column expected_by             timestamptz,
    add column first_response_at       timestamptz,
    add column responded_at            timestamptz,
    add column respond_completed_at    timestamptz,
    add column respond_outcome         text check (respond_outcome in ('MET', 'MET_AFTER_EXTENSION', 'MISSED')),
    add column outcome                 text check (outcome in ('RESOLVED', 'UPHELD', 'PARTLY_UPHELD', 'NOT_UPHELD', 'CANNOT_ACCOMMODATE')),
    add column first_contact_resolution boolean not null default false,
    add column closed_at               timestamptz,
    add column reopen_count            integer not null default 0,
    add column pending_owner_id        bigint references identity_staff (id),
    add column pending_department_id   bigint references identity_department (id),
    add column referral_note           text,
    add column referred_by             bigint references identity_staff (id),
    add column referred_at             timestamptz,
    add column review_requested_at     timestamptz,
    add column review_reason           text,
    add column reviewer_id             bigint references identity_staff (id),
    add column review_by               timestamptz,
    add column review_by_original      timestamptz,
    add column reviewed_at             timestamptz,
    add column review_decision         text check (review_decision in ('UPHELD', 'CHANGED')),
    add column review_outcome          text check (review_outcome in ('MET', 'MET_AFTER_EXTENSION', 'MISSED')),
    add constraint cases_pending_referral check ((pending_owner_id is null) = (pending_department_id is null));

update cases set respond_by_original = respond_by, expected_by = respond_by;

create index cases_pending_owner on cases (pending_owner_id) where pending_owner_id is not null;
create index cases_reviewer on cases (reviewer_id) where reviewer_id is not null;

-- Everyone who has handled a case: an executive who appears here may not conduct its internal review.
create table case_handler (
    case_id  bigint not null references cases (id),
    staff_id bigint not null references identity_staff (id),
    primary key (case_id, staff_id)
);
create index case_handler_staff on case_handler (staff_id);
insert into case_handler (case_id, staff_id) select id, owner_id from cases on conflict do nothing;
insert into case_handler (case_id, staff_id) select id, logged_by from cases on conflict do nothing;

create table case_response (
    id           bigint generated always as identity primary key,
    case_id      bigint      not null references cases (id),
    kind         text        not null check (kind in ('INTERIM', 'SUBSTANTIVE', 'REVIEW')),
    given_at     timestamptz not null,
    given_by     bigint      not null references identity_staff (id),
    channel      text        not null check (channel in ('VERBAL', 'EMAIL', 'LETTER', 'PHONE_CALL')),
    analysis     text,
    resolution   text        not null,
    outcome      text check (outcome in ('RESOLVED', 'UPHELD', 'PARTLY_UPHELD', 'NOT_UPHELD', 'CANNOT_ACCOMMODATE')),
    reasons      text,
    expected_by  timestamptz,
    check (outcome not in ('NOT_UPHELD', 'CANNOT_ACCOMMODATE') or coalesce(btrim(reasons), '') <> '')
);
create index case_response_case on case_response (case_id, id);

create table case_remedy (
    id          bigint generated always as identity primary key,
    case_id     bigint        not null references cases (id),
    type        text          not null check (type in ('APOLOGY', 'REFUND', 'CREDIT', 'SERVICE_REDONE', 'OTHER')),
    description text,
    value       numeric(12, 2) check (value is null or value >= 0),
    status      text          not null check (status in ('OFFERED', 'ACCEPTED', 'DECLINED')),
    offered_at  timestamptz   not null,
    offered_by  bigint        not null references identity_staff (id),
    decided_at  timestamptz
);
create index case_remedy_case on case_remedy (case_id, id);

create table case_extension (
    id               bigint generated always as identity primary key,
    case_id          bigint      not null references cases (id),
    stage            text        not null check (stage in ('RESPOND', 'REVIEW')),
    previous_due     timestamptz not null,
    new_due          timestamptz not null check (new_due > previous_due),
    reason           text        not null check (btrim(reason) <> ''),
    notice_channel   text        not null check (notice_channel in ('VERBAL', 'EMAIL', 'LETTER', 'PHONE_CALL')),
    notice_text      text        not null,
    agreed_by        text,
    agreed_at        timestamptz,
    extended_at      timestamptz not null,
    extended_by      bigint      not null references identity_staff (id)
);
create index case_extension_case on case_extension (case_id, id);
