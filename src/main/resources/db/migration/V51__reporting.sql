-- reporting: read-only views over the cases module's tables, and the business calendar as a table so that report SQL
-- can tell "the same working day" and business-day ages without calling Java for each case.

-- One row per policy version and local date. A case received at t on local date d was received on business day d0:
-- d itself when d is a business day and t is before its close, otherwise the next business day; so the close of d0
-- ("the same working day" deadline) is closes_at in the first case and next_close in the second.
-- day_no counts the business days before the date (from a fixed start), so that a difference is an age in business days.
create table report_calendar (
    policy_version_id bigint primary key references policy_version (id),
    zone              text   not null,
    first_day         date   not null,
    last_day          date   not null
);

create table report_business_day (
    policy_version_id bigint      not null references policy_version (id),
    day               date        not null,
    business          boolean     not null,
    closes_at         timestamptz,
    next_close        timestamptz,
    day_no            integer     not null,
    primary key (policy_version_id, day),
    check (business = (closes_at is not null))
);

-- The same-working-day deadline by UTC hour, so that the main report finds it with an equi-join on arithmetic alone
-- (converting a million times to local dates would cost more than the rest of the report). Feedback received at t in
-- the hour starting at "hour" is due by due_before, unless a close of business falls inside the hour ("boundary") and
-- t is at or after it: then by due_after.
create table report_same_day (
    policy_version_id bigint      not null references policy_version (id),
    hour              timestamptz not null,
    boundary          timestamptz,
    due_before        timestamptz not null,
    due_after         timestamptz,
    primary key (policy_version_id, hour),
    check ((boundary is null) = (due_after is null))
);

-- The case as reports see it: no customer details, no texts; the policy version a case was received under (cases
-- from before versions were recorded count under the first version).
create view report_case as
select c.id, c.reference, c.kind, c.channel, c.status, c.received_at, c.department_id, c.owner_id, c.confidential,
       c.logged_by, c.pending_owner_id, c.pending_department_id, c.reviewer_id, c.named_staff, c.subject_staff,
       coalesce(c.policy_version_id, (select min(id) from policy_version)) as policy_version_id,
       c.acknowledge_by, c.acknowledged_at, c.acknowledge_outcome,
       c.first_response_by, c.first_response_at,
       c.respond_by, c.respond_by_original, c.respond_completed_at, c.respond_outcome, c.responded_at,
       c.outcome, c.first_contact_resolution, c.closed_at, c.reopen_count,
       c.review_requested_at, c.review_by, c.review_by_original, c.reviewed_at, c.review_decision, c.review_outcome,
       c.category, c.improvement_status, c.improvement_note, c.improvement_changed_at, c.improvement_changed_by
from cases c;

create view report_remedy as
select r.id, r.case_id, r.type, r.value, r.status, r.offered_at, r.decided_at
from case_remedy r;

create view report_extension as
select e.id, e.case_id, e.stage, e.previous_due, e.new_due, e.reason, e.agreed_by is not null as agreed, e.extended_at
from case_extension e;

-- Reports filter on the received date, and the department with it; the backlog reads the open cases by age. The
-- main report reads only the index over the received date, which carries every column it counts.
create index report_cases_received_cover on cases (received_at) include (policy_version_id, department_id, kind, channel,
    confidential, status, acknowledge_by, acknowledged_at, acknowledge_outcome, respond_by, respond_by_original,
    respond_completed_at, respond_outcome, first_response_at, first_contact_resolution, outcome, category);
create index report_cases_department_received on cases (department_id, received_at);
create index report_cases_open_received on cases (received_at) where status <> 'CLOSED';
create index report_cases_suggestions on cases (received_at) where kind = 'SUGGESTION';

create view report_department as
select d.id, d.code, d.name from identity_department d;

create view report_category as
select k.code, k.name, k.active, k.position from case_category k;

-- The suggestions log: suggestions with their subject (listed only when not confidential) and improvement status.
create view report_suggestion as
select c.id, c.reference, c.received_at, c.department_id, c.confidential, c.subject, c.status,
       coalesce(c.improvement_status, 'UNDER_CONSIDERATION') as improvement_status, c.improvement_status is null as undecided,
       c.improvement_note, c.improvement_changed_at, s.username as improvement_changed_by,
       c.owner_id, c.logged_by, c.pending_owner_id, c.pending_department_id, c.reviewer_id, c.named_staff, c.subject_staff,
       c.version
from cases c left join identity_staff s on s.id = c.improvement_changed_by
where c.kind = 'SUGGESTION';
