-- correspondence: the outbox of e-mail to staff (notices they chose to have by e-mail), written in the transaction that
-- writes the notice and sent after commit by the same sender, with the same claims, retries and Message-ID rule, as the
-- mail to customers. It names the case by its reference and links to its page; it never carries customer details.
create table correspondence_staff_mail (
    id              bigint generated always as identity primary key,
    case_id         bigint      not null references cases (id),
    staff_id        bigint      not null references identity_staff (id),
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

-- The sender's claim walks only what is waiting.
create index correspondence_staff_mail_due on correspondence_staff_mail (next_attempt_at) where status = 'PENDING';
create index correspondence_staff_mail_staff on correspondence_staff_mail (staff_id, id);
