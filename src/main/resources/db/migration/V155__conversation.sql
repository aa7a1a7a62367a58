-- correspondence: staff write to the customer from the case. A message they write (kind MESSAGE) starts from the
-- organisation's standard words (the MESSAGE template, or another template of the library, or a snippet of their
-- department), which they edit before it is sent; it may carry files of the case. E-mail answers thread under the
-- customer's own mail (In-Reply-To, References).

alter table correspondence_template drop constraint correspondence_template_key_check;
alter table correspondence_template add constraint correspondence_template_key_check
    check (key in ('ACKNOWLEDGEMENT', 'EXTENSION_NOTICE', 'INTERIM_RESPONSE', 'SUBSTANTIVE_RESPONSE', 'REVIEW_OUTCOME',
                   'SURVEY_INVITATION', 'MESSAGE'));

alter table correspondence_message drop constraint correspondence_message_kind_check;
alter table correspondence_message add constraint correspondence_message_kind_check
    check (kind in ('ACKNOWLEDGEMENT', 'EXTENSION_NOTICE', 'INTERIM_RESPONSE', 'SUBSTANTIVE_RESPONSE', 'REVIEW_OUTCOME',
                    'SURVEY_INVITATION', 'MESSAGE'));

alter table correspondence_message
    -- The customer's message this one answers, and the thread it belongs to (RFC 5322), as sent in the headers.
    add column in_reply_to text,
    add column references_header text,
    -- The username of the member of staff who wrote it; null for what Hearken writes by itself.
    add column written_by text;

-- Files sent with a message (a copy: the message keeps what was sent whatever becomes of the case's files).
create table correspondence_attachment (
    id           bigint generated always as identity primary key,
    message_id   bigint  not null references correspondence_message (id),
    filename     text    not null,
    content_type text    not null,
    size         integer not null check (size >= 0),
    data         bytea   not null
);
create index correspondence_attachment_message on correspondence_attachment (message_id, id);

-- Reply snippets: standard words a department keeps for its replies, which staff start a message from.
create table correspondence_snippet (
    id            bigint generated always as identity primary key,
    department_id bigint      not null,
    title         text        not null check (length(title) between 1 and 200),
    text          text        not null check (length(text) between 1 and 20000),
    created_by    bigint      not null,
    created_at    timestamptz not null,
    unique (department_id, title)
);

-- intake: the Message-IDs of the customer's mail on each case, oldest first, for answers to thread under.
create view intake_case_mail as
select m.case_id, m.message_id, coalesce(m.server_received_at, m.fetched_at) as received_at, m.id
from intake_mail m
where m.case_id is not null and m.message_id is not null and m.status in ('CASE_CREATED', 'ADDED_TO_CASE');

-- cases: when the customer last wrote on an open case that nobody who handles it has opened since ("customer replied"
-- in the lists and on the case); cleared when someone who may act on the case opens its page.
alter table cases add column customer_replied_at timestamptz;

-- escalation: besides deadline notices and replies after closure, a notice to the owner when the customer writes on an
-- open case. Such a notice comes from no timer either.
alter table escalation_notice drop constraint escalation_notice_source;
alter table escalation_notice add constraint escalation_notice_source
    check (timer_id is not null or kind in ('REPLY_AFTER_CLOSURE', 'CUSTOMER_REPLIED'));
