-- correspondence: postal letters rendered to PDF, kept with the case, and the print queue of those not yet posted.
create table correspondence_letter (
    id          bigint generated always as identity primary key,
    case_id     bigint      not null references cases (id),
    kind        text        not null,
    template_id bigint,
    subject     text        not null,
    body        text        not null,
    pdf         bytea       not null,
    created_at  timestamptz not null,
    posted_at   timestamptz,
    posted_by   bigint references identity_staff (id)
);
create index correspondence_letter_case on correspondence_letter (case_id, id);
create index correspondence_letter_unposted on correspondence_letter (id) where posted_at is null;
