-- cases: what the cases module publishes to the other modules, so that they read views and functions it owns rather
-- than its tables, and never restate its rules. Other modules read only these (and the views and functions of other
-- modules), never a table of another module; SqlBoundariesTest fails the build if they do.
--
-- The running stages of a case and their due dates are defined here once, in the case_*_due functions; the view
-- case_running_stage, the due dates of case_published and report_case, the staff lists' due states (DueStates), the
-- deadline watch and sweep and the reports all read them from here, none restates the rule. Stages live in columns of
-- cases today (acknowledge_by/acknowledged_at, respond_by/respond_by_original/respond_completed_at,
-- review_by/review_by_original/reviewed_at and the status). When they move into a table of their own, only these
-- definitions change (the functions and case_running_stage, e.g. to read the stage table), keeping their names and
-- columns, so that no query that reads them changes. Views over cases and these SQL functions are inlined by PostgreSQL
-- into the query that reads them, so the indexes over cases still serve a list's keyset walk and filters.

-- When each stage of a case is due while it runs: null when the stage is not running (done, not started, or the case
-- is closed) or has no due date. An acknowledgement runs until the customer is acknowledged or the case is closed; the
-- response until it is given (a reopened case runs it again); an internal review while the case is under review.
-- Functions of a cases row, written as single SQL expressions so that PostgreSQL inlines them into the query that
-- calls them (over cases c: case_next_due(c)) and an index over cases still serves the query.
create function case_acknowledge_due(c cases) returns timestamptz
    language sql immutable parallel safe
    as $$ select case when c.status <> 'CLOSED' and c.acknowledged_at is null then c.acknowledge_by end $$;

create function case_respond_due(c cases) returns timestamptz
    language sql immutable parallel safe
    as $$ select case when c.status in ('RECEIVED', 'ACKNOWLEDGED') and c.respond_completed_at is null then c.respond_by end $$;

create function case_review_due(c cases) returns timestamptz
    language sql immutable parallel safe
    as $$ select case when c.status = 'UNDER_REVIEW' and c.reviewed_at is null then c.review_by end $$;

-- The next due date: the earliest running stage's; null when nothing is running, and always for a closed case.
create function case_next_due(c cases) returns timestamptz
    language sql immutable parallel safe
    as $$ select least(case_acknowledge_due(c), case_respond_due(c), case_review_due(c)) $$;

-- Whether the next due date is an extended one: a running response or review due then, whose due date differs from its
-- original one (the customer was told of the new date). An acknowledgement is never extended.
create function case_next_due_extended(c cases) returns boolean
    language sql immutable parallel safe
    as $$ select coalesce((case_respond_due(c) is distinct from c.respond_by_original
                               and case_respond_due(c) = case_next_due(c))
                           or (case_review_due(c) is distinct from c.review_by_original
                               and case_review_due(c) = case_next_due(c)), false) $$;

-- One row per case and running stage that has a due date: ACKNOWLEDGE, RESPOND or REVIEW, when it is due, the date it
-- was first due, whether it was extended (due and original differ), and whether an extension of it was recorded (the
-- customer was told of a new date).
create view case_running_stage as
select c.id as case_id, r.stage, r.due, r.original_due, r.due is distinct from r.original_due as extended,
       exists (select 1 from case_extension e where e.case_id = c.id and e.stage = r.stage) as extension_recorded
from cases c
cross join lateral (values
    ('ACKNOWLEDGE', case_acknowledge_due(c), case_acknowledge_due(c)),
    ('RESPOND', case_respond_due(c), c.respond_by_original),
    ('REVIEW', case_review_due(c), c.review_by_original)) as r (stage, due, original_due)
where r.due is not null;

-- Who a case is visible to depends on these columns of it, and on nothing else.
create type case_parties as (
    owner_id              bigint,
    pending_owner_id      bigint,
    reviewer_id           bigint,
    named_staff           bigint[],
    subject_staff         bigint[],
    confidential          boolean,
    logged_by             bigint,
    department_id         bigint,
    pending_department_id bigint
);

create function case_parties(c cases) returns case_parties
    language sql stable parallel safe
    as $$ select row(c.owner_id, c.pending_owner_id, c.reviewer_id, c.named_staff, c.subject_staff, c.confidential,
                     c.logged_by, c.department_id, c.pending_department_id)::case_parties $$;

-- The case visibility rule in SQL: the same rule as CaseAccess.canSee in Java (a property test checks that they agree).
-- A member of staff a complaint is about never sees it, whatever their role. Otherwise executives see everything; the
-- owner, the person a referral waits for, the internal reviewer and people named on the case see it; a confidential
-- case is need-to-know (those people and executives); otherwise members of the case's department (or of the
-- department it is being referred to), the person who logged it and administrators may see it.
-- A single SQL expression, so that PostgreSQL inlines it into the query that calls it.
create function case_visible_to(c case_parties, reader bigint, roles text[], departments bigint[]) returns boolean
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
                               or coalesce(c.pending_department_id = any(departments), false)))) $$;

-- The case as other modules may read it: no customer details and no texts; each running stage's due date and the next
-- one; the columns the visibility rule reads as one value, parties, for case_visible_to(c.parties, ...).
create view case_published as
select c.id, c.reference, c.kind, c.channel, c.status, c.received_at, c.logged_at, c.closed_at, c.department_id,
       c.owner_id, c.confidential, c.subject_staff, c.customer_id, c.policy_version_id,
       case_acknowledge_due(c) as acknowledge_due, case_respond_due(c) as respond_due, case_review_due(c) as review_due,
       case_next_due(c) as next_due, case_next_due_extended(c) as next_due_extended,
       case_parties(c) as parties
from cases c;

-- The views reports read (V51) gain the same: the running stages' due dates, the next one, and the parties for the
-- visibility rule.
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
       case_acknowledge_due(c) as acknowledge_due, case_respond_due(c) as respond_due, case_review_due(c) as review_due
from cases c;

create or replace view report_suggestion as
select c.id, c.reference, c.received_at, c.department_id, c.confidential, c.subject, c.status,
       coalesce(c.improvement_status, 'UNDER_CONSIDERATION') as improvement_status, c.improvement_status is null as undecided,
       c.improvement_note, c.improvement_changed_at, s.username as improvement_changed_by,
       c.owner_id, c.logged_by, c.pending_owner_id, c.pending_department_id, c.reviewer_id, c.named_staff, c.subject_staff,
       c.version, case_parties(c) as parties
from cases c left join identity_staff s on s.id = c.improvement_changed_by
where c.kind = 'SUGGESTION';
