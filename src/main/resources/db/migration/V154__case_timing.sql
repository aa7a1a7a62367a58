-- cases: when each case reached each stage, published for the policy what-if, which replays a period's cases under
-- another policy version. One row per case, to join with case_published. It reads the stage columns of cases today;
-- when the stages move into a table of their own, only this view changes.
create view case_timing as
select c.id as case_id, c.acknowledged_at, c.first_response_at, c.responded_at,
       (select min(r.given_at) from case_response r where r.case_id = c.id and r.kind = 'INTERIM') as first_interim_at,
       c.respond_completed_at, c.review_requested_at, c.reviewed_at, c.reopen_count
from cases c;
