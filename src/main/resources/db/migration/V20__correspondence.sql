-- correspondence: staff-editable templates (every version kept) and the outbox of messages to customers.

create table correspondence_template (
    id         bigint generated always as identity primary key,
    key        text        not null check (key in ('ACKNOWLEDGEMENT', 'EXTENSION_NOTICE', 'INTERIM_RESPONSE',
                                                   'SUBSTANTIVE_RESPONSE', 'REVIEW_OUTCOME', 'SURVEY_INVITATION')),
    channel    text        not null check (channel in ('EMAIL', 'LETTER')),
    version    integer     not null check (version > 0),
    subject    text        not null,
    body       text        not null,
    created_at timestamptz not null,
    created_by text        not null,
    active     boolean     not null,
    unique (key, channel, version)
);

-- Exactly one version of each template is in force.
create unique index correspondence_template_one_active on correspondence_template (key, channel) where active;

-- The outbox: a message is written in the same transaction as the case change that caused it and sent after commit.
-- message_id is fixed when the message is queued, so a retry after a crash carries the same Message-ID.
create table correspondence_message (
    id              bigint generated always as identity primary key,
    case_id         bigint      not null references cases (id),
    kind            text        not null check (kind in ('ACKNOWLEDGEMENT', 'EXTENSION_NOTICE', 'INTERIM_RESPONSE',
                                                         'SUBSTANTIVE_RESPONSE', 'REVIEW_OUTCOME', 'SURVEY_INVITATION')),
    channel         text        not null default 'EMAIL' check (channel in ('EMAIL')),
    template_id     bigint      references correspondence_template (id),
    to_address      text        not null,
    subject         text        not null,
    body            text        not null,
    message_id      text        not null unique,
    status          text        not null check (status in ('PENDING', 'SENT', 'FAILED')),
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null,
    claimed_until   timestamptz,
    claimed_by      text,
    last_error      text,
    created_at      timestamptz not null,
    sent_at         timestamptz
);

-- The sender's claim query walks only what is waiting.
create index correspondence_message_due on correspondence_message (status, next_attempt_at) where status = 'PENDING';
create index correspondence_message_case on correspondence_message (case_id, id);
