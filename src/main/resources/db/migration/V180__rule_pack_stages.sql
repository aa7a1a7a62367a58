-- cases: what a rule pack adds to a case (docs/packs.md).
--   pack_route: which of its policy version's pack routes governs the case, chosen at intake (null: the policy's own
--     targets); the version is pinned, so the route keeps meaning the same pack and overrides.
--   review_acknowledge_by / review_acknowledged_at: the stage-2 acknowledgement, due from the escalation request.
alter table cases
    add column pack_route int check (pack_route >= 0),
    add column review_acknowledge_by timestamptz,
    add column review_acknowledged_at timestamptz;

-- The stage-2 acknowledgement runs while the case is under review and the request is not yet acknowledged.
create function case_review_acknowledge_due(c cases) returns timestamptz
    language sql immutable parallel safe
    as $$ select case when c.status = 'UNDER_REVIEW' and c.review_acknowledged_at is null then c.review_acknowledge_by end $$;

-- The next due date now includes it (same name and result, so every query that reads it is unchanged).
create or replace function case_next_due(c cases) returns timestamptz
    language sql immutable parallel safe
    as $$ select least(case_acknowledge_due(c), case_respond_due(c), case_review_due(c), case_review_acknowledge_due(c)) $$;

create or replace view case_running_stage as
select c.id as case_id, r.stage, r.due, r.original_due, r.due is distinct from r.original_due as extended,
       exists (select 1 from case_extension e where e.case_id = c.id and e.stage = r.stage) as extension_recorded
from cases c
cross join lateral (values
    ('ACKNOWLEDGE', case_acknowledge_due(c), case_acknowledge_due(c)),
    ('RESPOND', case_respond_due(c), c.respond_by_original),
    ('REVIEW', case_review_due(c), c.review_by_original),
    ('REVIEW_ACKNOWLEDGE', case_review_acknowledge_due(c), case_review_acknowledge_due(c))) as r (stage, due, original_due)
where r.due is not null;
