-- Client organisations: the organisations some customers work for, each with a relationship manager and a deputy who
-- look after it. A customer (a contact) belongs to at most one organisation; a case is linked at intake to the
-- organisation of its contact.

create table client_organisation (
    id          bigint generated always as identity primary key,
    name        text        not null check (length(btrim(name)) between 1 and 200),
    name_key    text        generated always as (lower(btrim(name))) stored,
    manager_id  bigint references identity_staff (id),
    deputy_id   bigint references identity_staff (id),
    -- A merged organisation stays, so that links to it still lead somewhere: to the one it was merged into.
    merged_into bigint references client_organisation (id),
    created_at  timestamptz not null,
    updated_at  timestamptz not null,
    version     integer     not null default 0,
    check (deputy_id is null or deputy_id is distinct from manager_id),
    check (merged_into is null or merged_into <> id)
);
-- Two organisations in use never share a name (a merged one keeps its name for the record).
create unique index client_organisation_name on client_organisation (name_key) where merged_into is null;

-- The e-mail domains an organisation claims: a new contact writing from one is that organisation's contact.
create table client_domain (
    domain          text   primary key check (domain ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$'
                                             and length(domain) <= 253),
    organisation_id bigint not null references client_organisation (id)
);
create index client_domain_organisation on client_domain (organisation_id);

-- Who belongs to which organisation: at most one each.
create table client_contact (
    customer_id     bigint      primary key references customers (id),
    organisation_id bigint      not null references client_organisation (id),
    joined_at       timestamptz not null,
    -- How the contact came to the organisation: a member of staff's username, or 'e-mail domain'.
    joined_by       text        not null
);
create index client_contact_organisation on client_contact (organisation_id, customer_id);

-- The organisation as other modules may read it.
create view client_directory as
select o.id, o.name, o.manager_id, o.deputy_id, o.merged_into
from client_organisation o;

-- A case keeps its client and the staff who look after that client: they may see it (when it is not confidential),
-- as the visibility rule reads only the case's own columns.
alter table cases add column client_id bigint references client_organisation (id);
alter table cases add column client_managers bigint[] not null default '{}';
create index cases_client on cases (client_id, id) where client_id is not null;
-- The report by client reads the clients' cases received in its range, and nothing of the others.
create index cases_client_received on cases (received_at, client_id) where client_id is not null;

-- The visibility rule gains the client's relationship manager and deputy, who see a client's case unless it is
-- confidential; someone a complaint is about never sees it, as before.
alter type case_parties add attribute client_managers bigint[];

create or replace function case_parties(c cases) returns case_parties
    language sql stable parallel safe
    as $$ select row(c.owner_id, c.pending_owner_id, c.reviewer_id, c.named_staff, c.subject_staff, c.confidential,
                     c.logged_by, c.department_id, c.pending_department_id, c.client_managers)::case_parties $$;

create or replace function case_visible_to(c case_parties, reader bigint, roles text[], departments bigint[])
    returns boolean
    language sql stable parallel safe
    as $$ select not coalesce(reader = any(c.subject_staff), false)
                 and ('EXECUTIVE' = any(roles)
                      or c.owner_id is not distinct from reader
                      or c.pending_owner_id is not distinct from reader
                      or c.reviewer_id is not distinct from reader
                      or coalesce(reader = any(c.named_staff), false)
                      or (not c.confidential
                          and ('ADMIN' = any(roles)
                               or c.logged_by is not distinct from reader
                               or coalesce(c.department_id = any(departments), false)
                               or coalesce(c.pending_department_id = any(departments), false)
                               or coalesce(reader = any(c.client_managers), false)))) $$;

-- The search keys (V220) gain the client's managers' staff ids when the case is not confidential: a reader's keys hold
-- their own staff id already. Still a single expression without a subquery, which PostgreSQL inlines.
drop index cases_search;
drop function case_access_keys(bigint, bigint, bigint, bigint[], boolean, bigint, bigint, bigint);
create function case_access_keys(owner_id bigint, pending_owner_id bigint, reviewer_id bigint, named_staff bigint[],
                                 confidential boolean, logged_by bigint, department_id bigint,
                                 pending_department_id bigint, client_managers bigint[]) returns bigint[]
    language sql immutable parallel safe
    as $$ select array_remove(array[owner_id, pending_owner_id, reviewer_id] || named_staff
                              || case when not confidential
                                      then array[-(4 * logged_by + 1), -(4 * department_id + 2),
                                                 -(4 * pending_department_id + 2), -3] || client_managers
                                      else '{}'::bigint[] end,
                              null) $$;

create index cases_search on cases using gin (
    customer_name gin_trgm_ops,
    customer_email gin_trgm_ops,
    (regexp_replace(customer_phone, '[^0-9]', '', 'g')) gin_trgm_ops,
    search_words,
    case_access_keys(owner_id, pending_owner_id, reviewer_id, named_staff, confidential, logged_by, department_id,
                     pending_department_id, client_managers));

-- Other modules read a case's client from the published views.
create or replace view case_published as
select c.id, c.reference, c.kind, c.channel, c.status, c.received_at, c.logged_at, c.closed_at, c.department_id,
       c.owner_id, c.confidential, c.subject_staff, c.customer_id, c.policy_version_id,
       case_acknowledge_due(c) as acknowledge_due, case_respond_due(c) as respond_due, case_review_due(c) as review_due,
       case_next_due(c) as next_due, case_next_due_extended(c) as next_due_extended,
       case_parties(c) as parties,
       c.category, c.client_id
from cases c;

-- Reports count by client.
create or replace view report_case as
select c.id, c.reference, c.kind, c.channel, c.status, c.received_at, c.department_id, c.owner_id, c.confidential,
       c.logged_by, c.pending_owner_id, c.pending_department_id, c.reviewer_id, c.named_staff, c.subject_staff,
       coalesce(c.policy_version_id, (select min(id) from policy_version)) as policy_version_id,
       c.acknowledge_by, c.acknowledged_at, c.acknowledge_outcome,
       c.first_response_by, c.first_response_at,
       c.respond_by, c.respond_by_original, c.respond_completed_at, c.respond_outcome, c.responded_at,
       c.outcome, c.first_contact_resolution, c.closed_at, c.reopen_count,
       c.review_requested_at, c.review_by, c.review_by_original, c.reviewed_at, c.review_decision, c.review_outcome,
       c.category, c.improvement_status, c.improvement_note, c.improvement_changed_at, c.improvement_changed_by,
       case_next_due(c) as next_due, case_parties(c) as parties,
       case_acknowledge_due(c) as acknowledge_due, case_respond_due(c) as respond_due, case_review_due(c) as review_due, c.client_id
from cases c;

-- Notices to relationship managers come from no timer when a client's complaint arrives, is escalated to its review
-- stage, or a client answers a survey with a low rating.
alter table escalation_notice drop constraint escalation_notice_source;
alter table escalation_notice add constraint escalation_notice_source
    check (timer_id is not null
           or kind in ('REPLY_AFTER_CLOSURE', 'CUSTOMER_REPLIED', 'CLIENT_OPENED', 'CLIENT_ESCALATED', 'CLIENT_LOW_RATING'));

-- A member of staff may choose to have the notices about the clients they look after by e-mail too.
alter table escalation_mail_preference drop constraint escalation_mail_preference_kind_check;
alter table escalation_mail_preference add constraint escalation_mail_preference_kind_check
    check (kind in ('ASSIGNED', 'CUSTOMER_REPLIED', 'WARNING', 'BREACH', 'CLIENT'));
