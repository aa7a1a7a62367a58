-- cases: two more stages a rule pack may set (docs/packs.md), e.g. the NZ HDC Code's Right 10:
--   decide_by / decided_at: deciding whether more time is needed, and telling the customer, counted from the
--     acknowledgement; done by an interim response, an extension or the response;
--   update_by / last_update_at: the next progress update, at most a month after the latest one (or the
--     acknowledgement); renewed each time the customer is told how things stand, running until the response.
alter table cases
    add column decide_by timestamptz,
    add column decided_at timestamptz,
    add column update_by timestamptz,
    add column last_update_at timestamptz;

create function case_decide_due(c cases) returns timestamptz
    language sql immutable parallel safe
    as $$ select case when c.status in ('RECEIVED', 'ACKNOWLEDGED') and c.decided_at is null then c.decide_by end $$;

create function case_update_due(c cases) returns timestamptz
    language sql immutable parallel safe
    as $$ select case when c.status in ('RECEIVED', 'ACKNOWLEDGED') then c.update_by end $$;

create or replace function case_next_due(c cases) returns timestamptz
    language sql immutable parallel safe
    as $$ select least(case_acknowledge_due(c), case_respond_due(c), case_review_due(c), case_review_acknowledge_due(c),
                       case_decide_due(c), case_update_due(c)) $$;

create or replace view case_running_stage as
select c.id as case_id, r.stage, r.due, r.original_due, r.due is distinct from r.original_due as extended,
       exists (select 1 from case_extension e where e.case_id = c.id and e.stage = r.stage) as extension_recorded
from cases c
cross join lateral (values
    ('ACKNOWLEDGE', case_acknowledge_due(c), case_acknowledge_due(c)),
    ('RESPOND', case_respond_due(c), c.respond_by_original),
    ('REVIEW', case_review_due(c), c.review_by_original),
    ('REVIEW_ACKNOWLEDGE', case_review_acknowledge_due(c), case_review_acknowledge_due(c)),
    ('DECIDE', case_decide_due(c), case_decide_due(c)),
    ('UPDATE', case_update_due(c), case_update_due(c))) as r (stage, due, original_due)
where r.due is not null;
