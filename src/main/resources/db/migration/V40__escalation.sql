-- escalation: durable per-case timers for warnings, breaches and escalations, and the notices they produced.
create table escalation_timer (
    id       bigint generated always as identity primary key,
    case_id  bigint      not null references cases (id),
    stage    text        not null check (stage in ('ACKNOWLEDGE', 'RESPOND', 'REVIEW')),
    kind     text        not null check (kind in ('WARNING', 'BREACH', 'ESCALATION')),
    due_at   timestamptz not null,
    fire_at  timestamptz not null,
    fired_at timestamptz,
    outcome  text check (outcome in ('SENT', 'OBSOLETE')),
    -- One timer per stage, kind and due date: a re-sent event or a second instance cannot schedule it twice.
    unique (case_id, stage, kind, due_at)
);
-- The sweep reads only timers still to fire, in firing order.
create index escalation_timer_pending on escalation_timer (fire_at) where fired_at is null;

create table escalation_notice (
    id                bigint generated always as identity primary key,
    timer_id          bigint      not null references escalation_timer (id),
    case_id           bigint      not null references cases (id),
    stage             text        not null,
    kind              text        not null,
    recipient_id      bigint      not null references identity_staff (id),
    customer_not_told boolean     not null default false,
    created_at        timestamptz not null,
    read_at           timestamptz,
    unique (timer_id, recipient_id)
);
create index escalation_notice_recipient on escalation_notice (recipient_id, id);

-- Open cases, for the exceptions view and the at-risk dashboard.
create index cases_open on cases (id) where status <> 'CLOSED';
