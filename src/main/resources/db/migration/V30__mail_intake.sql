-- intake: e-mail fetched from the intake mailboxes. Every message is stored raw and committed before anything else
-- happens to it, and marked on the server only after it was processed, so a crash loses nothing and duplicates nothing.
create table intake_mail (
    id            bigint generated always as identity primary key,
    mailbox       text        not null,
    uid_validity  bigint      not null,
    uid           bigint      not null,
    message_id    text,
    content_hash  bytea       not null,
    raw           bytea       not null,
    size          integer     not null,
    fetched_at    timestamptz not null,
    -- When the mail server received it (IMAP INTERNALDATE): the received time when the Date header is missing or absurd.
    server_received_at timestamptz,
    status        text        not null check (status in ('NEW', 'CASE_CREATED', 'ADDED_TO_CASE', 'IGNORED_AUTOMATIC',
                                                         'DUPLICATE', 'QUARANTINED')),
    case_id       bigint references cases (id),
    duplicate_of  bigint references intake_mail (id),
    problem       text,
    processed_at  timestamptz,
    -- When it was flagged \Seen (and moved) on the server; null while that is still to do.
    marked_at     timestamptz,
    unique (mailbox, uid_validity, uid),
    check ((status = 'DUPLICATE') = (duplicate_of is not null))
);

-- One original per Message-ID, and per content among messages without one; later copies are kept as DUPLICATE.
create unique index intake_mail_message_id on intake_mail (message_id) where message_id is not null and duplicate_of is null;
create unique index intake_mail_content_hash on intake_mail (content_hash) where message_id is null and duplicate_of is null;
create index intake_mail_content_hash_all on intake_mail (content_hash);
create index intake_mail_pending on intake_mail (id) where status = 'NEW';
create index intake_mail_unmarked on intake_mail (mailbox, uid_validity) where marked_at is null;
create index intake_mail_quarantined on intake_mail (id) where status = 'QUARANTINED';
create index intake_mail_case on intake_mail (case_id) where case_id is not null;

-- Files that came with a message. A file over the size limit keeps its row (name, type, size) without its data.
create table intake_attachment (
    id           bigint generated always as identity primary key,
    mail_id      bigint      not null references intake_mail (id),
    case_id      bigint      not null references cases (id),
    filename     text        not null,
    content_type text        not null,
    size         bigint      not null,
    data         bytea,
    too_large    boolean     not null default false,
    created_at   timestamptz not null,
    check (too_large = (data is null))
);

create index intake_attachment_case on intake_attachment (case_id, id);
