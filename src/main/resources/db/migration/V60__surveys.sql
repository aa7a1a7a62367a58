-- surveys: one satisfaction survey per closed case. The invitation row is written when the case closes, with the
-- moment it falls due; a sweep sends it (or records why it could not be sent). The unique case_id makes a second
-- invitation impossible, also for a case that is reopened and closed again.
create table survey_invitation (
    id              bigint generated always as identity primary key,
    case_id         bigint      not null unique references cases (id),
    closed_at       timestamptz not null,
    due_at          timestamptz not null,
    status          text        not null check (status in ('SCHEDULED', 'SENT', 'NOT_SENT')),
    -- SHA-256 of the private token in the survey link; the token itself is never stored.
    token_hash      bytea       unique,
    to_address      text,
    message_id      bigint      references correspondence_message (id),
    not_sent_reason text,
    created_at      timestamptz not null,
    processed_at    timestamptz,
    check ((status = 'SENT') = (token_hash is not null)),
    check ((status = 'SCHEDULED') = (processed_at is null)),
    check (status <> 'NOT_SENT' or not_sent_reason is not null)
);
-- The sweep walks only what is still to send, in due order.
create index survey_invitation_due on survey_invitation (due_at) where status = 'SCHEDULED';

-- One answer per case: the primary key refuses a second.
create table survey_answer (
    case_id     bigint      primary key references survey_invitation (case_id),
    rating      smallint    not null check (rating between 1 and 5),
    comment     text,
    answered_at timestamptz not null
);
create index survey_answer_answered_at on survey_answer (answered_at);
